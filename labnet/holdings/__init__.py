"""Reference-material holdings: lots in a lab's stock and the terms on which they are shared."""
