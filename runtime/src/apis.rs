//! Runtime APIs: what the node, polkadot.js and subxt call into the runtime for.

use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult, ExtrinsicInclusionMode,
};
use sp_version::RuntimeVersion;

use semres_primitives::{RecordClass, RecordId, SecurityLevel, SmerHash, SuiteId, Version, Vpi};

use super::{
	genesis, Access, AccountId, Aura, Balance, Block, BlockNumber, Executive, Grandpa,
	InherentDataExt, Nonce, Payment, Records, Runtime, RuntimeCall, RuntimeGenesisConfig,
	SessionKeys, System, TransactionPayment, VERSION,
};

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(encoded: Vec<u8>) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			// No session pallet, hence no key-ownership proofs (see `configs`).
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	#[api_version(2)]
	impl pallet_semres_records::runtime_api::RecordsApi<Block, AccountId, BlockNumber, pallet_semres_records::AnchorOf<Runtime>> for Runtime {
		fn record(record: RecordId) -> Option<pallet_semres_records::RecordInfo<AccountId, BlockNumber>> {
			Records::record(&record)
		}

		fn history(record: RecordId, from: Version, limit: u32) -> Vec<(Version, pallet_semres_records::AnchorOf<Runtime>)> {
			Records::history(&record, from, limit)
		}

		fn verify(record: RecordId, smer_hash: SmerHash) -> pallet_semres_records::Verification<AccountId> {
			Records::verify(&record, &smer_hash)
		}

		fn records_of(owner: AccountId, start_after: Option<RecordId>, limit: u32) -> Vec<RecordId> {
			Records::records_of(&owner, start_after, limit)
		}

		fn record_id(owner: AccountId, salt: [u8; 32]) -> RecordId {
			Records::record_id(&owner, &salt)
		}

		fn consent_epoch(owner: AccountId) -> u32 {
			pallet_semres_records::ConsentEpochs::<Runtime>::get(owner)
		}

		fn signing_payload(
			record: RecordId,
			version: Version,
			owner: AccountId,
			submitter: AccountId,
			cid: Vec<u8>,
			smer_hash: SmerHash,
			suite: SuiteId,
			recipients: Vec<AccountId>,
			class: RecordClass,
			level: SecurityLevel,
			valid_until: BlockNumber,
			epoch: u32,
		) -> Option<Vec<u8>> {
			let smer = pallet_semres_records::SmerRef { cid: cid.try_into().ok()?, smer_hash, suite };
			let recipients = recipients.try_into().ok()?;
			Some(Records::signing_payload(
				&record, version, &owner, &submitter, &smer, &recipients, class, level, valid_until, epoch,
			))
		}

		fn records_by_vpi(
			vpi: Vpi,
			start_after: Option<RecordId>,
			limit: u32,
		) -> Vec<pallet_semres_records::VpiMatch<AccountId>> {
			Records::records_by_vpi(&vpi, start_after, limit)
		}
	}

	impl pallet_semres_access::runtime_api::AccessApi<
		Block,
		AccountId,
		BlockNumber,
		pallet_semres_access::GrantOf<Runtime>,
		pallet_semres_access::RequestOf<Runtime>,
		pallet_semres_access::PublishedKeyOf<Runtime>,
	> for Runtime {
		fn can_access(who: AccountId, record: RecordId) -> Option<pallet_semres_access::AccessBasis> {
			Access::can_access(&who, &record)
		}

		fn check_access(who: AccountId, record: RecordId) -> Result<pallet_semres_access::AccessBasis, pallet_semres_access::Denial> {
			Access::check_access(&who, &record)
		}

		fn was_authorised(who: AccountId, record: RecordId, at: BlockNumber) -> bool {
			Access::was_authorised(&who, &record, at)
		}

		fn grants_of(
			owner: AccountId,
			start_after: Option<pallet_semres_access::GrantId>,
			limit: u32,
		) -> Vec<(pallet_semres_access::GrantId, pallet_semres_access::GrantOf<Runtime>)> {
			Access::grants_of(&owner, start_after, limit)
		}

		fn pending_requests(
			owner: AccountId,
			start_after: Option<pallet_semres_access::RequestId>,
			limit: u32,
		) -> Vec<(pallet_semres_access::RequestId, pallet_semres_access::RequestOf<Runtime>)> {
			Access::pending_requests(&owner, start_after, limit)
		}

		fn current_key(who: AccountId, suite: SuiteId) -> Option<pallet_semres_access::PublishedKeyOf<Runtime>> {
			Access::current_key(&who, suite)
		}
	}

	impl pallet_semres_payment::runtime_api::PaymentApi<Block, AccountId, Balance, BlockNumber, pallet_semres_payment::ServiceOf<Runtime>> for Runtime {
		fn service(service: pallet_semres_payment::ServiceId) -> Option<pallet_semres_payment::ServiceOf<Runtime>> {
			Payment::service(service)
		}

		fn open_services(
			who: AccountId,
			start_after: Option<pallet_semres_payment::ServiceId>,
			limit: u32,
		) -> Vec<(pallet_semres_payment::ServiceId, pallet_semres_payment::Party)> {
			Payment::open_services(&who, start_after, limit)
		}

		fn quote(
			patient: AccountId,
			insurer: Option<AccountId>,
			price: Balance,
		) -> Option<pallet_semres_payment::Shares<Balance>> {
			Payment::quote(&patient, insurer.as_ref(), price).ok()
		}

		fn coverage(patient: AccountId, insurer: AccountId) -> Option<pallet_semres_payment::CoverageOf<Runtime>> {
			Payment::coverage_of(&patient, &insurer)
		}

		fn dispute_window() -> BlockNumber {
			pallet_semres_payment::DisputeWindow::<Runtime>::get()
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, genesis::preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			genesis::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use crate::benches::*;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);
			(list, crate::AllPalletsWithSystem::storage_info())
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::BenchmarkBatch;
			use frame_support::traits::WhitelistedStorageKeys;
			use crate::benches::*;

			impl frame_system_benchmarking::Config for Runtime {}
			impl frame_benchmarking::baseline::Config for Runtime {}

			let whitelist = crate::AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);
			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("try-runtime: runtime upgrade checks failed");
			(weight, super::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try-runtime: execute_block failed")
		}
	}
}
