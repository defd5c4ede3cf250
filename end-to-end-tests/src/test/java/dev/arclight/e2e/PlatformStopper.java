package dev.arclight.e2e;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the platform when the test run ends, while PostgreSQL and Kafka still run: JVM shutdown
 * hooks run all at once, so placement would otherwise stop its VMs against a database that is
 * going away, and the forked JVM may be killed before the worker has destroyed them.
 */
public class PlatformStopper implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        Platform.stopIfRunning();
    }
}
