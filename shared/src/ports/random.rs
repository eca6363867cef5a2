/// A source of unpredictable bytes (a CSPRNG in production).
pub trait Random: Send + Sync {
    fn fill(&self, buf: &mut [u8]);
}

impl dyn Random + '_ {
    /// `N` fresh random bytes.
    pub fn bytes<const N: usize>(&self) -> [u8; N] {
        let mut buf = [0u8; N];
        self.fill(&mut buf);
        buf
    }
}
