"""Reliability and security figures (issue 7): the tests under tests/test_reliability_*.py,
tests/test_security.py and tests/test_load.py record what they tried and survived through
`reliability.report`; `python -m reliability` runs them and writes results/latest.{json,md}."""
