"""Lab-to-lab material requests and border agencies' testing requests."""
