"""Claims, agreement over independent sources, and typed disagreements between accounts."""

from newsprism.analyze.disagreements.agreement import group_claims
from newsprism.analyze.disagreements.claims import ClaimInfo, extract_claims
from newsprism.analyze.disagreements.detect import find_disagreements

__all__ = ["ClaimInfo", "extract_claims", "find_disagreements", "group_claims"]
