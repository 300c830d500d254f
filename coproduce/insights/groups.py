"""Disjoint sets of members, for connected groups and spanning forests of ties."""


class DisjointSets:
    """Union–find with path compression and union by size; members are added on first sight."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}
        self.largest = 0

    def add(self, x: int) -> None:
        if x not in self.parent:
            self.parent[x] = x
            self.size[x] = 1
            self.largest = max(self.largest, 1)

    def find(self, x: int) -> int:
        self.add(x)
        root = x
        while (up := self.parent[root]) != root:
            root = up
        while (up := self.parent[x]) != root:
            self.parent[x] = root
            x = up
        return root

    def union(self, a: int, b: int) -> bool:
        """Join the groups of a and b; False when they were already one group."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return False
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size.pop(b)
        self.largest = max(self.largest, self.size[a])
        return True
