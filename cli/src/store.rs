//! `semres store put|get|verify`.

use semres_dery::{fetch_verified, get_to_file, Cid, KuboStore, LocalStore, Store};
use serde_json::json;

use crate::{
	cli::{StoreArgs, StoreCommand},
	error::{CliError, Result},
	output::Output,
	record::{open_input, parse_anchor},
};

fn open_store(a: &StoreArgs) -> Result<Box<dyn Store>> {
	Ok(match &a.kubo {
		Some(url) => Box::new(KuboStore::new(url)),
		None => Box::new(LocalStore::open(&a.store)?),
	})
}

fn parse_cid(s: &str) -> Result<Cid> {
	Cid::try_from(s).map_err(|e| CliError::failure(format!("invalid CID '{s}': {e}")))
}

pub fn run(out: &Output, cmd: StoreCommand) -> Result<()> {
	match cmd {
		StoreCommand::Put { file, store } => {
			let s = open_store(&store)?;
			let (input, len) = open_input(&file)?;
			let bar = out.progress(len, "storing");
			let r = s.put(&mut bar.wrap_read(input))?;
			bar.finish_and_clear();
			out.result(
				&format!("{}\nsha256: {}\nsize:   {}", r.cid, r.sha256, r.size),
				json!({ "cid": r.cid.to_string(), "sha256": r.sha256.to_string(), "size": r.size }),
			);
		}
		StoreCommand::Get {
			cid,
			output,
			expect_hash,
			store,
		} => {
			let s = open_store(&store)?;
			let cid = parse_cid(&cid)?;
			let r = match expect_hash {
				Some(h) => fetch_verified(s.as_ref(), &cid, &parse_anchor(&h)?, u64::MAX, &output)?,
				None => get_to_file(s.as_ref(), &cid, &output)?,
			};
			out.result(
				&format!("{} -> {}\nsha256: {}\nsize:   {}", r.cid, output.display(), r.sha256, r.size),
				json!({ "cid": r.cid.to_string(), "file": output, "sha256": r.sha256.to_string(), "size": r.size }),
			);
		}
		StoreCommand::Verify { cid, store } => {
			let s = open_store(&store)?;
			let r = s.verify(&parse_cid(&cid)?)?;
			out.result(
				&format!("{} intact\nsha256: {}\nsize:   {}", r.cid, r.sha256, r.size),
				json!({ "cid": r.cid.to_string(), "intact": true, "sha256": r.sha256.to_string(), "size": r.size }),
			);
		}
	}
	Ok(())
}
