package dev.arclight.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An immutable consistent hash ring of placement instances. Each instance owns {@code
 * virtualNodes} points on a 64-bit ring, so load spreads evenly and a joining or leaving instance
 * takes or gives back many small slices rather than one big one.
 *
 * <p>An <em>arc</em> is the run of distinct instances met walking clockwise from a point. Arcs are
 * nested: the arc of width {@code k} is a prefix of the arc of width {@code k + 1}, so widening an
 * arc keeps the instances a function already uses (and their warm containers).
 */
public final class HashRing {

    private final int virtualNodes;
    private final SortedSet<String> instances;
    private final long[] points;
    private final String[] owners;

    private HashRing(int virtualNodes, SortedSet<String> instances) {
        this.virtualNodes = virtualNodes;
        this.instances = Collections.unmodifiableSortedSet(instances);
        var nodes = new ArrayList<Node>(instances.size() * virtualNodes);
        for (var instance : instances) {
            for (int i = 0; i < virtualNodes; i++) {
                nodes.add(new Node(point(instance + "#" + i), instance));
            }
        }
        // Ties between points of different instances are broken by name, so the ring depends only
        // on the set of instances, never on the order they joined in.
        nodes.sort((a, b) -> a.point != b.point ? Long.compare(a.point, b.point) : a.owner.compareTo(b.owner));
        this.points = new long[nodes.size()];
        this.owners = new String[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            points[i] = nodes.get(i).point;
            owners[i] = nodes.get(i).owner;
        }
    }

    public static HashRing of(Collection<String> instances, int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be at least 1, was " + virtualNodes);
        }
        return new HashRing(virtualNodes, new TreeSet<>(instances));
    }

    public HashRing with(String instance) {
        var next = new TreeSet<>(instances);
        return next.add(instance) ? new HashRing(virtualNodes, next) : this;
    }

    public HashRing without(String instance) {
        var next = new TreeSet<>(instances);
        return next.remove(instance) ? new HashRing(virtualNodes, next) : this;
    }

    public SortedSet<String> instances() {
        return instances;
    }

    public int size() {
        return instances.size();
    }

    public int virtualNodes() {
        return virtualNodes;
    }

    /**
     * The first {@code width} distinct instances clockwise from {@code start} (fewer when the ring
     * has fewer), in the order met.
     */
    public List<String> arc(long start, int width) {
        int wanted = Math.min(Math.max(width, 0), instances.size());
        if (wanted == 0) {
            return List.of();
        }
        var arc = new LinkedHashSet<String>(wanted * 2);
        int index = firstAtOrAfter(start);
        for (int step = 0; step < points.length && arc.size() < wanted; step++) {
            arc.add(owners[(index + step) % points.length]);
        }
        return List.copyOf(arc);
    }

    private int firstAtOrAfter(long start) {
        int found = Arrays.binarySearch(points, start);
        if (found < 0) {
            found = -found - 1;
        } else {
            // Several nodes may share the point: start from the first of them.
            while (found > 0 && points[found - 1] == start) {
                found--;
            }
        }
        return found == points.length ? 0 : found;
    }

    /**
     * A stable 64-bit point for a key: FNV-1a over its characters, then a SplitMix64 finaliser so
     * that similar keys (instance#1, instance#2) land far apart. Stable across JVMs and restarts,
     * which every gateway needs to agree on the same arcs.
     */
    public static long point(String key) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            hash ^= key.charAt(i);
            hash *= 0x100000001b3L;
        }
        hash ^= hash >>> 30;
        hash *= 0xbf58476d1ce4e5b9L;
        hash ^= hash >>> 27;
        hash *= 0x94d049bb133111ebL;
        hash ^= hash >>> 31;
        return hash;
    }

    private record Node(long point, String owner) {}
}
