//! FNV-1a, the one stable 64-bit hash of the workspace: model feature keys, event ids and
//! content hashes are stored, so the hash must not change between builds or Rust versions (std's
//! `DefaultHasher` makes no such promise).

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0100_0000_01b3;

/// A running 64-bit FNV-1a hash.
///
/// ```
/// let mut h = dyad_core::Fnv1a::new();
/// h.write(b"ab");
/// h.write(b"c");
/// assert_eq!(h.finish(), dyad_core::fnv1a(b"abc"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Fnv1a(u64);

impl Fnv1a {
    /// The hash of no bytes.
    pub const fn new() -> Fnv1a {
        Fnv1a(OFFSET)
    }

    /// Feeds `bytes`.
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
        }
    }

    /// Feeds `s` and then the byte `0xff`, which UTF-8 never contains: a sequence of strings
    /// fed this way keeps ("ab", "c") apart from ("a", "bc").
    #[inline]
    pub fn write_field(&mut self, s: &str) {
        self.write(s.as_bytes());
        self.write(&[0xff]);
    }

    /// The hash of everything fed so far.
    pub fn finish(&self) -> u64 {
        self.0
    }
}

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a::new()
    }
}

impl std::hash::Hasher for Fnv1a {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        Fnv1a::write(self, bytes);
    }

    #[inline]
    fn finish(&self) -> u64 {
        Fnv1a::finish(self)
    }
}

/// FNV-1a for std's hash maps: several times faster than the default SipHash on short keys
/// (words, tags). Only for tables whose keys the input cannot choose (models, dictionaries):
/// it gives no protection against deliberately colliding keys.
pub type FnvBuildHasher = std::hash::BuildHasherDefault<Fnv1a>;

/// 64-bit FNV-1a of `bytes`.
#[inline]
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h = Fnv1a::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // The published FNV-1a 64 test vectors.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn fields_are_kept_apart() {
        let of = |parts: &[&str]| {
            let mut h = Fnv1a::new();
            parts.iter().for_each(|p| h.write_field(p));
            h.finish()
        };
        assert_ne!(of(&["ab", "c"]), of(&["a", "bc"]));
        assert_eq!(of(&["ab", "c"]), of(&["ab", "c"]));
    }
}
