package dev.arclight.placement.worker;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The workers this instance may use, each behind its own client and circuit breaker. New VMs go to
 * the workers in turn, those whose breaker is open last (so a dead worker is skipped while it is
 * known dead, and retried only when every other one failed too). Workers the pool names (a
 * claimed VM's) are learnt with their URL: called like the others, but never booted on.
 */
public class Workers {

    private final Map<String, WorkerClient> clients = new LinkedHashMap<>();
    private final Map<String, WorkerClient> learnt = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final BiFunction<String, URI, WorkerClient> newClient;

    public Workers(List<WorkerClient> clients) {
        this(clients, (id, url) -> {
            throw new NoSuchElementException("no worker " + id);
        });
    }

    /** @param newClient makes the client of a worker learnt from the pool */
    public Workers(List<WorkerClient> clients, BiFunction<String, URI, WorkerClient> newClient) {
        clients.forEach(client -> this.clients.put(client.id(), client));
        this.newClient = newClient;
    }

    /** Makes a worker the pool named callable, unless it is known already. */
    public void learn(String workerId, URI url) {
        if (!clients.containsKey(workerId)) {
            learnt.computeIfAbsent(workerId, id -> newClient.apply(id, url));
        }
    }

    public WorkerClient client(String workerId) {
        var client = clients.containsKey(workerId) ? clients.get(workerId) : learnt.get(workerId);
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
