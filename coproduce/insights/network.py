"""The network view: measures of who meets and helps whom, and a small picture of the busiest members.

Measures for the whole community come from pairs aggregated in the database (see `queries`); networkx
lays out the picture of the few busiest members and checks the small graph drawn.
"""

from typing import Any

from coproduce.communities.models import Membership
from coproduce.insights import queries
from coproduce.insights.compute import CONCENTRATION_MIN_MEMBERS, Facts
from coproduce.insights.domain import ratio, share

# Drawing coordinates of the picture (the SVG viewBox is 0 0 WIDTH HEIGHT).
WIDTH, HEIGHT, MARGIN = 640, 420, 40


def network_measures_from_facts(facts: Facts) -> dict:
    """Network measures for the period; None where there is nothing to measure."""
    citizens = facts.citizens_participating
    largest = max(facts.largest_group, 1) if citizens else 0
    enough = facts.contributing_members >= CONCENTRATION_MIN_MEMBERS
    return {
        "participants": facts.participants,
        "citizens": citizens,
        "peer_ties": facts.peer_ties,
        "peer_ties_per_member": ratio(2 * facts.peer_ties, citizens),
        "largest_group": largest,
        "largest_group_share": share(largest, citizens),
        "help_pairs": facts.help_pairs,
        "two_way_pairs": facts.two_way_pairs,
        "two_way_share": share(facts.two_way_pairs, facts.help_pairs),
        "new_ties_by_month": [{"month": m, "new_ties": n} for m, n in facts.new_ties_by_month],
        "top_decile_share": share(facts.top_decile_minutes, facts.total_contributed_minutes) if enough else None,
        "contributing_members": facts.contributing_members,
    }


def network_picture(scope: queries.Scope, member_ids: list[int]) -> dict:
    """Nodes and edges among the busiest members, with positions from a seeded spring layout so the same
    data always draws the same picture. Nodes are labelled by member number only."""
    if not member_ids:
        return {"nodes": [], "edges": []}
    import networkx as nx  # loaded on first use: it costs seconds at start-up and only this picture needs it

    people = {
        m["pk"]: m
        for m in Membership.objects.filter(community_id=scope.community_id, pk__in=member_ids).values(
            "pk", "member_number", "kind"
        )
    }
    graph = nx.DiGraph()
    for pk in member_ids:
        graph.add_node(pk)
    undirected = nx.Graph()
    undirected.add_nodes_from(member_ids)
    for x, y, gave, together in queries.edges_among(scope, member_ids):
        if gave:
            graph.add_edge(x, y, weight=gave)
        if x < y:
            undirected.add_edge(x, y, weight=together)
    positions = (
        nx.spring_layout(undirected, seed=7, weight="weight") if len(undirected) > 1 else {member_ids[0]: (0, 0)}
    )
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0

    def place(pk: int) -> tuple[float, float]:
        px, py = positions[pk]
        return (
            round(MARGIN + (px - min(xs)) / span_x * (WIDTH - 2 * MARGIN), 1),
            round(MARGIN + (py - min(ys)) / span_y * (HEIGHT - 2 * MARGIN), 1),
        )

    nodes = []
    for pk in member_ids:
        left, top = place(pk)
        person: dict[str, Any] = dict(people.get(pk) or {})
        nodes.append(
            {
                "id": pk,
                "number": person.get("member_number"),
                "professional": person.get("kind") == Membership.Kind.PROFESSIONAL,
                "x": left,
                "y": top,
                "ties": undirected.degree(pk),
                "gave_to": graph.out_degree(pk),
                "received_from": graph.in_degree(pk),
            }
        )
    edges = []
    for x, y, data in undirected.edges(data=True):
        edges.append(
            {
                "a": x,
                "b": y,
                "together": data["weight"],
                "a_gave": graph[x][y]["weight"] if graph.has_edge(x, y) else 0,
                "b_gave": graph[y][x]["weight"] if graph.has_edge(y, x) else 0,
            }
        )
    return {"nodes": nodes, "edges": edges}
