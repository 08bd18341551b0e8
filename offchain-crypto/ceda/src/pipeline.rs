//! A two-stage pipeline over the chunks of a SMeR: `produce` runs on a helper thread, `consume`
//! on the caller's, with a few recycled buffers in flight. Sealing produces (reads, encrypts)
//! while it consumes (hashes, writes); opening produces (reads) while it consumes (decrypts,
//! writes). Memory stays bounded by the buffers in flight, whatever the record's size.

use std::sync::mpsc::sync_channel;

use crate::CedaError;

/// Chunks produced but not yet consumed, at most.
const IN_FLIGHT: usize = 3;

/// Runs `produce` then `consume` on chunks `0..count`, the two stages on two threads.
/// The first error stops both; a producer error is reported before a consumer error.
pub(crate) fn run<P, C>(
	count: u64,
	buf_len: usize,
	mut produce: P,
	mut consume: C,
) -> Result<(), CedaError>
where
	P: FnMut(&mut Vec<u8>, u64) -> Result<(), CedaError> + Send,
	C: FnMut(&mut Vec<u8>, u64) -> Result<(), CedaError>,
{
	if count == 1 {
		let mut buf = Vec::with_capacity(buf_len);
		produce(&mut buf, 0)?;
		return consume(&mut buf, 0);
	}
	std::thread::scope(|s| {
		let (full_tx, full_rx) = sync_channel::<Vec<u8>>(IN_FLIGHT);
		let (empty_tx, empty_rx) = sync_channel::<Vec<u8>>(IN_FLIGHT + 1);
		let producer = s.spawn(move || -> Result<(), CedaError> {
			for i in 0..count {
				let mut buf = empty_rx
					.try_recv()
					.unwrap_or_else(|_| Vec::with_capacity(buf_len));
				produce(&mut buf, i)?;
				if full_tx.send(buf).is_err() {
					break; // the consumer stopped on an error
				}
			}
			Ok(())
		});
		let mut consumed = Ok(());
		for (i, mut buf) in full_rx.iter().enumerate() {
			consumed = consume(&mut buf, i as u64);
			if consumed.is_err() {
				break;
			}
			let _ = empty_tx.try_send(buf);
		}
		drop(full_rx);
		let produced = producer.join().expect("pipeline stages do not panic; qed");
		produced.and(consumed)
	})
}
