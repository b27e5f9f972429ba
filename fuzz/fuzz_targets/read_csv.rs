//! Any bytes given to the Csv reader: no panic, and every result keeps the reader's promises.
#![no_main]

use dyad_fuzz::check_reader;
use dyad_text::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| check_reader(data, "fuzz.csv", Format::Csv));
