"""Relations between articles (duplicates, versions, wire copies, shared passages) and events."""

from newsprism.analyze.relations.events import group_events, in_date_order
from newsprism.analyze.relations.links import RelationResult, find_relations

__all__ = ["RelationResult", "find_relations", "group_events", "in_date_order"]
