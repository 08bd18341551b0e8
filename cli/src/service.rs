//! `semres service book|authorise|decline|complete|refund|dispute|claim`: telemedicine payments
//! settled by the consultation's record anchor.

use semres_client::runtime::{
	self,
	runtime_types::{
		bounded_collections::bounded_vec::BoundedVec, semres_primitives::records::AnchorTarget,
	},
};
use serde_json::json;

use crate::{
	anchor::{recipients, registered_keys, report_anchor, seal_to_store},
	chain::{self, hex0x, semr, Ctx},
	cli::ServiceCommand,
	error::{CliError, Result},
	grant::{by_id, event},
	keys::suite_by_name,
};

pub async fn run(ctx: &Ctx<'_>, cmd: ServiceCommand) -> Result<()> {
	let tx = runtime::transactions().payment();
	match cmd {
		ServiceCommand::Book {
			provider,
			price,
			starts_in,
			deadline_in,
			insurer,
			account,
		} => {
			let patient = ctx.account(&account).await?;
			let provider = chain::account(&provider)?;
			let insurer = insurer.as_deref().map(chain::account).transpose()?;
			let price = chain::amount(&price)?;
			let now = ctx.chain.best_number().await?;
			let call =
				tx.book_service(provider, price, now + starts_in, now + deadline_in, insurer);
			let included = ctx.submit("book", &call, &patient).await?;
			let booked: runtime::payment::events::ServiceBooked =
				event(&included, "ServiceBooked")?;
			ctx.out.result(
				&format!(
					"service {} with {provider}: {} (you pay {}, the insurer {}{}); appointment #{}, deadline #{}",
					booked.service,
					semr(booked.price),
					semr(booked.patient_share),
					semr(booked.insurer_share),
					if booked.awaiting_insurer { ", once it authorises" } else { "" },
					booked.starts_at,
					booked.deadline
				),
				json!({
					"service": booked.service, "provider": provider.to_string(), "price": booked.price.to_string(),
					"patient_share": booked.patient_share.to_string(), "insurer_share": booked.insurer_share.to_string(),
					"awaiting_insurer": booked.awaiting_insurer, "starts_at": booked.starts_at,
					"deadline": booked.deadline, "block": included.block_number,
				}),
			);
			Ok(())
		}
		ServiceCommand::Authorise(a) => {
			let call = tx.authorise_booking(a.id);
			by_id(ctx, "authorise booking", &a, call).await
		}
		ServiceCommand::Decline(a) => {
			let call = tx.decline_booking(a.id);
			by_id(ctx, "decline booking", &a, call).await
		}
		ServiceCommand::Complete {
			id,
			file,
			amend,
			readers,
			class,
			level,
			content_type,
			suite,
			store,
			account,
		} => {
			let provider = ctx.account(&account).await?;
			let service = ctx
				.chain
				.query(runtime::runtime_apis().payment_api().service(id))
				.await?
				.ok_or_else(|| CliError::failure(format!("no open service {id}")))?;
			let patient = service.patient;
			let mut others = vec![provider.id().to_string()];
			others.extend(readers);
			let to = recipients(&patient, &others)?;
			let keys = registered_keys(&ctx.chain, &to, suite_by_name(&suite)?).await?;
			let (target, record) = match amend {
				Some(r) => {
					let record = chain::record_id(&r)?;
					(AnchorTarget::Amend(record), record)
				}
				None => {
					let salt = chain::salt()?;
					let api = runtime::runtime_apis().records_api();
					let record = ctx.chain.query(api.record_id(patient, salt)).await?;
					let target = AnchorTarget::New {
						salt,
						class: chain::class(&class)?,
						level: chain::level(&level)?,
					};
					(target, record)
				}
			};
			let store = chain::open_store(&store)?;
			let plan = crate::custody::committee::current_plan(&ctx.chain).await?;
			let stored = seal_to_store(
				ctx.out,
				&file,
				&record,
				&patient,
				content_type.as_deref(),
				&keys,
				plan,
				store.as_ref(),
			)?;
			let call = tx.complete_service_with_anchor(
				id,
				target,
				stored.smer_ref(),
				BoundedVec(to.clone()),
			);
			let included = ctx.submit("complete", &call, &provider).await?;
			let done: runtime::payment::events::ServiceCompleted =
				event(&included, "ServiceCompleted")?;
			report_anchor(
				ctx,
				&record,
				done.version,
				&stored,
				included.block_number,
				&patient,
				&to,
			);
			ctx.out.step(&format!(
				"service {id} completed with record {} v{}: {} payable from block #{}",
				hex0x(&done.record.0),
				done.version,
				semr(done.price),
				done.payable_at
			));
			Ok(())
		}
		ServiceCommand::Refund(a) => {
			let call = tx.claim_refund(a.id);
			by_id(ctx, "claim refund", &a, call).await
		}
		ServiceCommand::Dispute(a) => {
			let call = tx.dispute_service(a.id);
			by_id(ctx, "dispute", &a, call).await
		}
		ServiceCommand::Claim(a) => {
			let who = ctx.account(&a.account).await?;
			let call = tx.claim_payment(a.id);
			let included = ctx.submit("claim payment", &call, &who).await?;
			let paid: runtime::payment::events::ServicePaid = event(&included, "ServicePaid")?;
			ctx.out.result(
				&format!(
					"service {} paid: {} to {} for record {} v{} (block #{})",
					paid.service,
					semr(paid.amount),
					paid.provider,
					hex0x(&paid.record.0),
					paid.version,
					included.block_number
				),
				json!({
					"service": paid.service, "provider": paid.provider.to_string(), "amount": paid.amount.to_string(),
					"record": hex0x(&paid.record.0), "version": paid.version, "block": included.block_number,
				}),
			);
			Ok(())
		}
	}
}
