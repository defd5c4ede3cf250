package dev.arclight.placement.concurrency;

import java.util.List;

/** The placement instances that make up the hash ring now, as this instance sees them. */
public interface RingMembers {

    /** This instance's own name on the ring. */
    String self();

    /** The members' names, sorted, this instance included. */
    List<String> names();
}
