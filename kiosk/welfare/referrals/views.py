"""Staff screens of referrals (filled below)."""
