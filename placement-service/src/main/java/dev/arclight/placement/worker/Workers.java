package dev.arclight.placement.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The workers this instance may use, each behind its own client and circuit breaker. New VMs go to
 * the workers in turn, those whose breaker is open last (so a dead worker is skipped while it is
 * known dead, and retried only when every other one failed too).
 */
public class Workers {

    private final Map<String, WorkerClient> clients = new LinkedHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    public Workers(List<WorkerClient> clients) {
        clients.forEach(client -> this.clients.put(client.id(), client));
    }

    public WorkerClient client(String workerId) {
        var client = clients.get(workerId);
        if (client == null) {
            throw new NoSuchElementException("no worker " + workerId);
        }
        return client;
    }

    public List<WorkerClient> all() {
        return List.copyOf(clients.values());
    }

    /** Every worker once, in the order to try them for a new VM. */
    public List<WorkerClient> bootOrder() {
        var all = new ArrayList<>(clients.values());
        if (all.isEmpty()) {
            return all;
        }
        int start = Math.floorMod(next.getAndIncrement(), all.size());
        var rotated = new ArrayList<WorkerClient>(all.size());
        for (int i = 0; i < all.size(); i++) {
            rotated.add(all.get((start + i) % all.size()));
        }
        var order = new ArrayList<WorkerClient>(rotated.size());
        rotated.stream().filter(WorkerClient::available).forEach(order::add);
        rotated.stream().filter(client -> !client.available()).forEach(order::add);
        return order;
    }
}
