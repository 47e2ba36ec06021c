"""Identity: who the applicant is and what the state already knows about them."""
