//! `cargo +nightly fuzz run parse`: the SMeR and detached-envelope parsers on arbitrary bytes.
//! CI replays `fuzz/corpus/parse` through the same check (`tests/corpus.rs`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| semres_smer::check_parse(data));
