//! PBKDF2-HMAC-SHA512 (RFC 8018), one output block, as SQLCipher 4 derives
//! its key. Built on the `sha2` crate's compression function: the generic
//! HMAC and PBKDF2 crates are monomorphised into this crate, which an
//! unoptimised (test) build runs some twenty times slower, while
//! `compress512` is compiled with `sha2`'s own optimisation (Cargo.toml).
//! The pads are hashed once; each round is then two compressions.
//! Checked against the `pbkdf2` crate in the tests below, and against
//! SQLCipher itself in `cipher`'s tests.

use sha2::Digest;
use sha2::digest::generic_array::GenericArray;
use zeroize::{Zeroize, Zeroizing};

const BLOCK: usize = 128;
pub const OUT: usize = 64;

/// SHA-512's initial hash value (FIPS 180-4, 5.3.5).
const IV: [u64; 8] = [
    0x6a09_e667_f3bc_c908,
    0xbb67_ae85_84ca_a73b,
    0x3c6e_f372_fe94_f82b,
    0xa54f_f53a_5f1d_36f1,
    0x510e_527f_ade6_82d1,
    0x9b05_688c_2b3e_6c1f,
    0x1f83_d9ab_fb41_bd6b,
    0x5be0_cd19_137e_2179,
];

fn compress(state: &mut [u64; 8], block: &[u8; BLOCK]) {
    sha2::compress512(state, std::slice::from_ref(GenericArray::from_slice(block)));
}

/// The hash of (the block already in `state`) followed by `msg`, which
/// must fit in the last block with its padding (at most 111 bytes).
fn finish(state: &[u64; 8], msg: &[u8]) -> [u64; 8] {
    let mut block = [0u8; BLOCK];
    block[..msg.len()].copy_from_slice(msg);
    block[msg.len()] = 0x80;
    let bits = ((BLOCK + msg.len()) as u128) * 8;
    block[BLOCK - 16..].copy_from_slice(&bits.to_be_bytes());
    let mut s = *state;
    compress(&mut s, &block);
    block.zeroize();
    s
}

/// A 64-byte hash into the head of a block, big-endian.
fn put(words: &[u64; 8], block: &mut [u8; BLOCK]) {
    for i in 0..8 {
        block[8 * i..8 * i + 8].copy_from_slice(&words[i].to_be_bytes());
    }
}

/// The first 64 bytes of PBKDF2-HMAC-SHA512(password, salt, rounds).
/// `salt` must be at most 107 bytes (SQLCipher's is 16).
pub fn pbkdf2_sha512(password: &[u8], salt: &[u8], rounds: u32) -> Zeroizing<[u8; OUT]> {
    let mut key = Zeroizing::new([0u8; BLOCK]);
    if password.len() > BLOCK {
        key[..OUT].copy_from_slice(&sha2::Sha512::digest(password));
    } else {
        key[..password.len()].copy_from_slice(password);
    }
    let pad = |byte: u8| {
        let mut block = Zeroizing::new([0u8; BLOCK]);
        for (b, k) in block.iter_mut().zip(key.iter()) {
            *b = k ^ byte;
        }
        let mut state = Zeroizing::new(IV);
        compress(&mut state, &block);
        state
    };
    let inner = pad(0x36);
    let outer = pad(0x5c);

    // U1 = HMAC(salt || 1); then Un = HMAC(Un-1), all XORed together.
    let mut first = Zeroizing::new(Vec::with_capacity(salt.len() + 4));
    first.extend_from_slice(salt);
    first.extend_from_slice(&1u32.to_be_bytes());
    let mut u = finish(&inner, &first);
    let mut msg = Zeroizing::new([0u8; OUT]);
    for i in 0..8 {
        msg[8 * i..8 * i + 8].copy_from_slice(&u[i].to_be_bytes());
    }
    u = finish(&outer, msg.as_ref());
    let mut t = Zeroizing::new(u);

    // The hot loop: a 64-byte message always fills the last block the
    // same way, so the padding is laid once and only the hash changes.
    // (Written plainly: it runs unoptimised in test builds.)
    let mut block = Zeroizing::new([0u8; BLOCK]);
    block[OUT] = 0x80;
    block[BLOCK - 16..].copy_from_slice(&(((BLOCK + OUT) as u128) * 8).to_be_bytes());
    let mut s = Zeroizing::new([0u64; 8]);
    for _ in 1..rounds {
        put(&u, &mut block);
        *s = *inner;
        compress(&mut s, &block);
        put(&s, &mut block);
        *s = *outer;
        compress(&mut s, &block);
        u = *s;
        for i in 0..8 {
            t[i] ^= u[i];
        }
    }
    u.zeroize();
    let mut out = Zeroizing::new([0u8; OUT]);
    for i in 0..8 {
        out[8 * i..8 * i + 8].copy_from_slice(&t[i].to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_the_pbkdf2_crate() {
        let long = [b'x'; 200];
        for (password, salt, rounds) in [
            (&b"password"[..], &b"salt"[..], 1),
            (b"password", b"salt", 2),
            (b"correct horse battery staple", &[7u8; 16], 1000),
            (&long[..], b"0123456789abcdef", 3),
            (b"", b"", 5),
        ] {
            let mut want = [0u8; OUT];
            pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, rounds, &mut want);
            assert_eq!(pbkdf2_sha512(password, salt, rounds).as_ref(), &want);
        }
    }
}
