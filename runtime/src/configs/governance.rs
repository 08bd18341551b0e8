//! Consortium governance: the council of member hospitals, the hospitals that run authority
//! nodes, sessions that follow them, and root-only calls through the council.
//!
//! - **Council** (`pallet-collective`, members from `CouncilMembership`): member hospitals vote
//!   on motions. [`CouncilMajority`] (more than half of the council) governs roles, disputes
//!   and record holds; [`CouncilTwoThirds`] (at least two thirds) governs membership of the
//!   council, the authority set, custody committees and root-only calls.
//! - **Authorities** (`AuthorityMembership`): the hospitals that run Aura + GRANDPA nodes.
//!   [`AuthoritySessions`] hands their accounts to `pallet-session` at each session end; a
//!   change is queued for one session and takes effect at the next (within two sessions).
//! - **Root-only calls** (`system.set_code`, `grandpa.note_stalled`, ...): a two-thirds motion
//!   whitelists the call's hash (`whitelist.whitelist_call`), then any council member
//!   dispatches it as root (`whitelist.dispatch_whitelisted_call[_with_preimage]`).
//!
//! - **Consortium nodes** (`pallet-node-authorization`): the council's list of well-known
//!   nodes (peer id, owner). Every node's off-chain worker hands the list to its network,
//!   which then syncs with those peers only (reserved-only): an unknown node cannot sync.
//!   The pallet's owner-side calls (claims, extra connections) are filtered out
//!   ([`ConsortiumCalls`]): they would store state nobody pays for.
//!
//! Root itself (sudo on the `development` preset, a whitelisted call elsewhere) passes every
//! council origin.

use alloc::vec::Vec;
use frame_support::{
	parameter_types,
	traits::{fungible::HoldConsideration, ConstU32, Contains, EitherOf, EitherOfDiverse},
	weights::Weight,
};
use frame_system::{EnsureRoot, EnsureSignedBy};
use pallet_collective::{EnsureProportionAtLeast, EnsureProportionMoreThan};
use sp_runtime::{traits::ConvertInto, Perbill};

use super::{semres::DepositPrice, RuntimeBlockWeights};
use crate::{
	AccountId, Balance, Balances, BlockNumber, Council, CouncilMembership, Preimage, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeHoldReason, RuntimeOrigin, SessionKeys, System, DAYS,
	MILLI_UNIT, MINUTES, UNIT,
};

/// The council's collective instance.
pub type CouncilCollective = pallet_collective::Instance1;
/// The membership instance of the council.
pub type CouncilMembershipInstance = pallet_membership::Instance1;
/// The membership instance of the hospitals that run authority nodes.
pub type AuthorityMembershipInstance = pallet_membership::Instance2;

/// Root, or more than half of the council.
pub type CouncilMajority =
	EitherOf<EnsureRoot<AccountId>, EnsureProportionMoreThan<AccountId, CouncilCollective, 1, 2>>;
/// Root, or at least two thirds of the council.
pub type CouncilTwoThirds =
	EitherOf<EnsureRoot<AccountId>, EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>>;

/// At most this many hospitals on the council (and as many authorities).
pub const MAX_COUNCIL: u32 = 32;

parameter_types! {
	/// A motion stays open three days; it can be closed as soon as its threshold is met.
	pub const MotionDuration: BlockNumber = 3 * DAYS;
	/// A motion may dispatch at most half a block's weight.
	pub MaxProposalWeight: Weight = Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
	pub const ProposalHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Council(pallet_collective::HoldReason::ProposalSubmission);
	pub const PreimageHoldReason: RuntimeHoldReason =
		RuntimeHoldReason::Preimage(pallet_preimage::HoldReason::Preimage);
	/// A proposal holds 1 SEMR plus 1 SEMR per motion already open (the call is stored until
	/// the motion closes).
	pub const ProposalDepositBase: Balance = UNIT;
	/// A whitelisted call may be dispatched by a relayer for a day after it was deferred.
	pub const DeferredDispatchExpiration: BlockNumber = DAYS;
	/// Sessions last two minutes: authority changes take effect within four.
	pub const SessionPeriod: BlockNumber = 2 * MINUTES;
	pub const SessionOffset: BlockNumber = 0;
	/// Session keys hold 0.1 SEMR while they are set.
	pub const SessionKeyDeposit: Balance = 100 * MILLI_UNIT;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = MotionDuration;
	type MaxProposals = ConstU32<32>;
	type MaxMembers = ConstU32<MAX_COUNCIL>;
	type DefaultVote = pallet_collective::MoreThanMajorityThenPrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Membership comes from `CouncilMembership`; only root may set it directly.
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxProposalWeight;
	type DisapproveOrigin = CouncilTwoThirds;
	type KillOrigin = CouncilTwoThirds;
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		ProposalHoldReason,
		pallet_collective::deposit::Linear<ConstU32<1>, ProposalDepositBase>,
		u32,
	>;
}

impl pallet_membership::Config<CouncilMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = CouncilTwoThirds;
	type RemoveOrigin = CouncilTwoThirds;
	type SwapOrigin = CouncilTwoThirds;
	type ResetOrigin = CouncilTwoThirds;
	type PrimeOrigin = CouncilTwoThirds;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = ConstU32<MAX_COUNCIL>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

impl pallet_membership::Config<AuthorityMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = CouncilTwoThirds;
	type RemoveOrigin = CouncilTwoThirds;
	type SwapOrigin = CouncilTwoThirds;
	type ResetOrigin = CouncilTwoThirds;
	type PrimeOrigin = CouncilTwoThirds;
	/// Sessions read the members when they end ([`AuthoritySessions`]).
	type MembershipInitialized = ();
	type MembershipChanged = ();
	type MaxMembers = ConstU32<MAX_COUNCIL>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

/// Session number (`sp_staking::SessionIndex`).
type SessionIndex = u32;

/// The session manager of the consortium: the next authority set is the `AuthorityMembership`
/// members that have session keys, in membership (sorted) order. It never empties the set:
/// with no member holding keys, the current authorities stay.
pub struct AuthoritySessions;

impl AuthoritySessions {
	/// The accounts that would author from the session after next.
	pub fn next_authorities() -> Vec<AccountId> {
		pallet_membership::Members::<Runtime, AuthorityMembershipInstance>::get()
			.into_iter()
			.filter(|who| pallet_session::NextKeys::<Runtime>::contains_key(who))
			.collect()
	}
}

impl pallet_session::SessionManager<AccountId> for AuthoritySessions {
	fn new_session(_: SessionIndex) -> Option<Vec<AccountId>> {
		let next = Self::next_authorities();
		(!next.is_empty()).then_some(next)
	}
	/// Genesis authorities are the session pallet's genesis keys.
	fn new_session_genesis(_: SessionIndex) -> Option<Vec<AccountId>> {
		None
	}
	fn end_session(_: SessionIndex) {}
	fn start_session(_: SessionIndex) {}
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	/// Any account may set keys (holding [`SessionKeyDeposit`]); only authority members' keys
	/// are used.
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = AuthoritySessions;
	type SessionHandler = <SessionKeys as sp_runtime::traits::OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// A PoA consortium has no slashing: a misbehaving authority is voted out.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_preimage::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_preimage::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type ManagerOrigin = CouncilTwoThirds;
	/// A noted preimage (a runtime's code, say) holds the SEMRES storage price of its bytes.
	type Consideration = HoldConsideration<AccountId, Balances, PreimageHoldReason, DepositPrice>;
}

impl pallet_whitelist::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WhitelistOrigin = CouncilTwoThirds;
	/// Any council member dispatches what two thirds of the council whitelisted.
	type DispatchWhitelistedOrigin =
		EitherOfDiverse<EnsureRoot<AccountId>, EnsureSignedBy<CouncilMembership, AccountId>>;
	type Preimages = Preimage;
	type DeferredDispatchExpiration = DeferredDispatchExpiration;
	type BlockNumberProvider = System;
	type WeightInfo = pallet_whitelist::weights::SubstrateWeight<Runtime>;
}

impl pallet_node_authorization::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type MaxWellKnownNodes = ConstU32<64>;
	/// An ed25519 peer id is 38 bytes.
	type MaxPeerIdLength = ConstU32<128>;
	type AddOrigin = CouncilTwoThirds;
	type RemoveOrigin = CouncilTwoThirds;
	type SwapOrigin = CouncilTwoThirds;
	type ResetOrigin = CouncilTwoThirds;
	/// The pallet ships no benchmarked weights: its fixed 50 µs per call (operational class)
	/// serve calls only the council makes.
	type WeightInfo = ();
}

/// The runtime's call filter: everything but `pallet-node-authorization`'s owner-side calls
/// (`claim_node`, `remove_claim`, `transfer_node`, `add_connections`, `remove_connections`),
/// which any account could use to store entries without a deposit, or to squat the peer id
/// of a node the council has yet to admit.
pub struct ConsortiumCalls;

impl Contains<RuntimeCall> for ConsortiumCalls {
	fn contains(call: &RuntimeCall) -> bool {
		use pallet_node_authorization::Call as N;
		!matches!(
			call,
			RuntimeCall::NodeAuthorization(
				N::claim_node { .. }
					| N::remove_claim { .. }
					| N::transfer_node { .. }
					| N::add_connections { .. }
					| N::remove_connections { .. }
			)
		)
	}
}
