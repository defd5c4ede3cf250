package dev.arclight.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Destroys and undefines libvirt domains by name prefix, so a test run never leaks VMs. */
final class LeftoverVms {

    private static final String URI = System.getProperty("arclight.e2e.libvirt-uri", "qemu:///system");

    private LeftoverVms() {}

    static void destroy(String prefix) {
        for (var name :
                virsh("list", "--all", "--name").lines().map(String::strip).toList()) {
            if (name.startsWith(prefix)) {
                virsh("destroy", name);
                virsh("undefine", name);
            }
        }
    }

    private static String virsh(String... arguments) {
        var command = new ArrayList<String>();
        command.add("virsh");
        command.add("-c");
        command.add(URI);
        command.addAll(List.of(arguments));
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            var out = new String(process.getInputStream().readAllBytes());
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
