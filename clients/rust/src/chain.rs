//! A connection to a SEMRES node: queries at a block, transactions followed to inclusion or
//! finality.

use std::time::Duration;

use subxt::{
	client::{ClientAtBlock, OnlineClient, OnlineClientAtBlockImpl},
	config::DefaultExtrinsicParamsBuilder,
	extrinsics::ExtrinsicEvents,
	rpcs::{methods::LegacyRpcMethods, RpcClient},
	runtime_apis::Payload as ApiPayload,
	transactions::{Payload, TransactionStatus},
	utils::H256,
};
use subxt_signer::sr25519::Keypair;

use crate::{
	error::{dispatch_name, ClientError},
	AccountId, Config,
};

/// The chain's state at one block: run runtime APIs, read storage and events there.
pub type At = ClientAtBlock<Config, OnlineClientAtBlockImpl<Config>>;

/// The node's JSON-RPC methods (the legacy set every Substrate node serves).
pub type Rpc = LegacyRpcMethods<subxt::config::RpcConfigFor<Config>>;

/// How long a transaction may take to be included (or finalised), and a query to answer.
const TIMEOUT: Duration = Duration::from_secs(120);

/// When [`Chain::submit`] returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
	/// Once the transaction is in a block of the best chain (a few seconds).
	InBlock,
	/// Once its block is finalised (GRANDPA: a few blocks later).
	Finalized,
}

/// What a transaction is doing, for progress display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Progress {
	/// Accepted by the node's pool.
	Submitted,
	/// In best block `number`.
	InBlock(u32),
	/// Its block was finalised.
	Finalized(u32),
}

/// An included transaction whose call succeeded.
pub struct Included {
	/// The block it is in.
	pub block_hash: H256,
	/// That block's number.
	pub block_number: u32,
	/// Its events (decode with `events.find_first::<runtime::pallet::events::Name>()`).
	pub events: ExtrinsicEvents<Config>,
}

/// A connection to a SEMRES node.
#[derive(Clone)]
pub struct Chain {
	api: OnlineClient<Config>,
	rpc: Rpc,
	raw: RpcClient,
	url: String,
}

/// Session keys a node generated into its keystore, with the proof that `owner` holds them
/// (`author_rotateKeysWithOwner`): what `session.set_keys` takes.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct GeneratedKeys {
	/// The SCALE-encoded public session keys (Aura, GRANDPA).
	#[serde(with = "hex_bytes")]
	pub keys: Vec<u8>,
	/// The ownership proof (signatures by each key over the owner's account id).
	#[serde(with = "hex_bytes")]
	pub proof: Vec<u8>,
}

mod hex_bytes {
	pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
		let s: String = serde::Deserialize::deserialize(d)?;
		hex::decode(s.trim_start_matches("0x")).map_err(serde::de::Error::custom)
	}
}

impl Chain {
	/// Connects to the node's WebSocket RPC at `url` (e.g. `ws://127.0.0.1:9944`).
	pub async fn connect(url: &str) -> Result<Self, ClientError> {
		let rpc = tokio::time::timeout(TIMEOUT, RpcClient::from_insecure_url(url))
			.await
			.map_err(|_| ClientError::Timeout(format!("connecting to {url}")))?
			.map_err(|e| ClientError::Unreachable(format!("{url}: {e}")))?;
		let config = subxt::PolkadotConfig::builder()
			.use_historic_types(false)
			.build();
		let api = OnlineClient::from_rpc_client_with_config(config, rpc.clone())
			.await
			.map_err(|e| ClientError::Unreachable(format!("{url}: {e}")))?;
		Ok(Chain {
			api,
			rpc: LegacyRpcMethods::new(rpc.clone()),
			raw: rpc,
			url: url.to_string(),
		})
	}

	/// The node's JSON-RPC methods, for what this client does not wrap (raw submission,
	/// block bodies, head subscriptions: the load tool).
	pub fn rpc(&self) -> &Rpc {
		&self.rpc
	}

	/// The URL this connection goes to.
	pub fn url(&self) -> &str {
		&self.url
	}

	/// The chain's genesis hash.
	pub fn genesis_hash(&self) -> H256 {
		self.api.genesis_hash()
	}

	/// Whether the node runs a development chain (`system_chainType` is `Development`): only
	/// there are the well-known development accounts accepted.
	pub async fn is_development(&self) -> Result<bool, ClientError> {
		let kind = self.rpc.system_chain_type().await.map_err(rpc)?;
		Ok(kind == "Development")
	}

	/// Asks the node to generate new session keys into its keystore for `owner`
	/// (`author_rotateKeysWithOwner`, an unsafe RPC: call it on the hospital's own node, over
	/// 127.0.0.1 or an SSH tunnel).
	pub async fn rotate_keys_with_owner(
		&self,
		owner: &AccountId,
	) -> Result<GeneratedKeys, ClientError> {
		let owner = format!("0x{}", hex::encode(owner.0));
		self.raw
			.request(
				"author_rotateKeysWithOwner",
				subxt::rpcs::rpc_params![owner],
			)
			.await
			.map_err(rpc)
	}

	/// The transactions waiting in the node's pool (`author_pendingExtrinsics`), encoded: the
	/// load tool tells a transaction still waiting from one the pool dropped.
	pub async fn pending_extrinsics(&self) -> Result<Vec<Vec<u8>>, ClientError> {
		let pending: Vec<subxt::rpcs::methods::legacy::Bytes> = self
			.raw
			.request("author_pendingExtrinsics", subxt::rpcs::rpc_params![])
			.await
			.map_err(rpc)?;
		Ok(pending.into_iter().map(|b| b.0).collect())
	}

	/// The number of the best block.
	pub async fn best_number(&self) -> Result<u32, ClientError> {
		let header = self
			.rpc
			.chain_get_header(None)
			.await
			.map_err(rpc)?
			.ok_or_else(|| ClientError::Rpc("no best block".into()))?;
		Ok(header.number as u32)
	}

	/// The number of the last finalised block.
	pub async fn finalized_number(&self) -> Result<u32, ClientError> {
		let hash = self.rpc.chain_get_finalized_head().await.map_err(rpc)?;
		let header = self
			.rpc
			.chain_get_header(Some(hash))
			.await
			.map_err(rpc)?
			.ok_or_else(|| ClientError::Rpc("no finalised block".into()))?;
		Ok(header.number as u32)
	}

	/// The state at the best block.
	pub async fn best(&self) -> Result<At, ClientError> {
		let n = self.best_number().await?;
		self.at(n).await
	}

	/// The state at block `number` of the best chain.
	pub async fn at(&self, number: u32) -> Result<At, ClientError> {
		self.api.at_block(number).await.map_err(rpc)
	}

	/// Runs a runtime API at the best block.
	pub async fn query<P: ApiPayload>(&self, payload: P) -> Result<P::ReturnType, ClientError> {
		let at = self.best().await?;
		Self::query_at(&at, payload).await
	}

	/// Runs a runtime API at `at`.
	pub async fn query_at<P: ApiPayload>(
		at: &At,
		payload: P,
	) -> Result<P::ReturnType, ClientError> {
		tokio::time::timeout(TIMEOUT, at.runtime_apis().call(payload))
			.await
			.map_err(|_| ClientError::Timeout("a runtime API call".into()))?
			.map_err(rpc)
	}

	/// Signs `call` with `signer` (its next nonce from the node's pool), submits it, and
	/// follows it until `wait`; `progress` hears each step. Fails with the call's named
	/// dispatch error if it was included but failed.
	pub async fn submit<C: Payload>(
		&self,
		call: &C,
		signer: &Keypair,
		wait: Wait,
		progress: &mut dyn FnMut(Progress),
	) -> Result<Included, ClientError> {
		let who: AccountId = signer.public_key().to_account_id();
		let nonce = self
			.rpc
			.system_account_next_index(&who)
			.await
			.map_err(rpc)?;
		let params = DefaultExtrinsicParamsBuilder::<Config>::new()
			.nonce(nonce)
			.mortal(64)
			.build();
		let at = self.best().await?;
		let mut tx = at
			.transactions()
			.sign_and_submit_then_watch(call, signer, params)
			.await
			.map_err(|e| ClientError::Rejected(e.to_string()))?;
		progress(Progress::Submitted);
		let followed = tokio::time::timeout(TIMEOUT, async {
			while let Some(status) = tx.next().await {
				let status = status.map_err(|e| ClientError::Unreachable(e.to_string()))?;
				let (in_block, finalized) = match &status {
					TransactionStatus::InBestBlock(b) => (b, false),
					TransactionStatus::InFinalizedBlock(b) => (b, true),
					TransactionStatus::Invalid { message }
					| TransactionStatus::Dropped { message }
					| TransactionStatus::Error { message } => return Err(ClientError::Rejected(message.clone())),
					_ => continue,
				};
				let block = in_block.at().await.map_err(rpc)?;
				let number = block.block_number() as u32;
				if finalized {
					progress(Progress::Finalized(number));
				} else {
					progress(Progress::InBlock(number));
				}
				if finalized || wait == Wait::InBlock {
					let events = in_block.wait_for_success().await.map_err(events_error)?;
					return Ok(Included {
						block_hash: in_block.block_hash(),
						block_number: number,
						events,
					});
				}
			}
			Err(ClientError::Unreachable(
				"the node stopped reporting the transaction".into(),
			))
		})
		.await;
		followed.map_err(|_| ClientError::Timeout("the transaction's inclusion".into()))?
	}

	/// The `section.Name` of a dispatch error given in its SCALE encoding (e.g. the result a
	/// `Sudo.Sudid` event reports for the call it dispatched).
	pub async fn dispatch_error_name(&self, encoded: &[u8]) -> Result<String, ClientError> {
		let at = self.best().await?;
		let e = subxt::error::DispatchError::decode_from(encoded, at.metadata())
			.map_err(|e| ClientError::Rpc(e.to_string()))?;
		Ok(dispatch_name(&e))
	}

	/// Waits until the best block is at least `number`.
	pub async fn wait_for_block(&self, number: u32) -> Result<(), ClientError> {
		let deadline = tokio::time::Instant::now() + TIMEOUT;
		while self.best_number().await? < number {
			if tokio::time::Instant::now() > deadline {
				return Err(ClientError::Timeout(format!("block {number}")));
			}
			tokio::time::sleep(Duration::from_millis(500)).await;
		}
		Ok(())
	}
}

fn rpc(e: impl std::fmt::Display) -> ClientError {
	ClientError::Rpc(e.to_string())
}

fn events_error(e: subxt::error::TransactionEventsError) -> ClientError {
	match e {
		subxt::error::TransactionEventsError::ExtrinsicFailed(d) => ClientError::Dispatch {
			name: dispatch_name(&d),
		},
		other => ClientError::Rpc(other.to_string()),
	}
}
