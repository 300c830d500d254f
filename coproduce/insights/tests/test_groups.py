from hypothesis import given
from hypothesis import strategies as st

from coproduce.insights.groups import DisjointSets


def test_union_joins_groups_once_and_tracks_the_largest():
    groups = DisjointSets()
    assert groups.largest == 0
    assert groups.union(1, 2)
    assert groups.union(3, 4)
    assert not groups.union(2, 1)
    assert groups.largest == 2
    assert groups.union(4, 1)
    assert groups.find(3) == groups.find(2)
    assert groups.largest == 4
    groups.add(9)
    assert groups.find(9) == 9
    assert groups.largest == 4


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=60))
def test_groups_are_the_connected_components(edges):
    groups = DisjointSets()
    for a, b in edges:
        groups.union(a, b)
    # Components by repeated relaxation, the slow obvious way.
    label = {x: x for edge in edges for x in edge}
    changed = True
    while changed:
        changed = False
        for a, b in edges:
            low = min(label[a], label[b])
            if label[a] != low or label[b] != low:
                label[a] = label[b] = low
                changed = True
    for a in label:
        for b in label:
            assert (groups.find(a) == groups.find(b)) == (label[a] == label[b])
    sizes = {}
    for root in label.values():
        sizes[root] = sizes.get(root, 0) + 1
    assert groups.largest == max(sizes.values(), default=0)
