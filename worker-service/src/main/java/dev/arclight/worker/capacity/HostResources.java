package dev.arclight.worker.capacity;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.springframework.stereotype.Component;

/** What the host this worker runs on has in total, as the operating system reports it. */
@Component
public class HostResources {

    private static final long MIB = 1024 * 1024;

    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long memoryMib() {
        return os.getTotalMemorySize() / MIB;
    }

    public int vcpus() {
        return os.getAvailableProcessors();
    }
}
