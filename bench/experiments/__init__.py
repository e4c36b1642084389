"""Hand-written sketches of code the generator could emit, measured by
bench/profile_generated.py against what it emits today.  Not used by anything else."""
