"""Unit tests of the pre-started runtimes' rules and of the identity rules (guest/agent/spares.py,
guest/agent/identity.py), on the host, standard library only:

    python3 -m unittest discover -s guest/tests
"""

import os
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agent"))
import identity  # noqa: E402
import spares  # noqa: E402


class CanTakeTests(unittest.TestCase):
    def test_interpreted_runtimes_take_spares(self):
        self.assertTrue(spares.can_take("python3.11", {"GREETING": "hi"}))
        self.assertTrue(spares.can_take("nodejs18.x", None))

    def test_provided_runtimes_never_do(self):
        self.assertFalse(spares.can_take("provided.al2023", {}))
        self.assertFalse(spares.can_take("provided", {}))

    def test_variables_read_at_interpreter_start_mean_a_cold_start(self):
        for key in ("PYTHONPATH", "PYTHONHASHSEED", "NODE_OPTIONS", "LD_PRELOAD", "LD_LIBRARY_PATH"):
            self.assertFalse(spares.can_take("python3.11", {key: "x"}), key)
            self.assertFalse(spares.can_take("nodejs18.x", {key: "x"}), key)

    def test_a_waiting_spare_has_no_function_environment(self):
        env = spares.base_environment("nodejs18.x", 7)
        self.assertEqual(env["ARCLIGHT_SPARE_FD"], "7")
        self.assertFalse(any(k.startswith("AWS_") or k == "_HANDLER" for k in env))
        self.assertIn("/var/task", env["NODE_PATH"])


class BootIdTests(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.saved = (identity.BOOT_ID_PATH, identity.MARKER, identity.SNAPSHOT_SOURCE, identity._boot_id)
        identity.BOOT_ID_PATH = os.path.join(self.dir, "boot_id")
        identity.MARKER = os.path.join(self.dir, "identity")
        identity._boot_id = None
        with open(identity.BOOT_ID_PATH, "w") as f:
            f.write("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\n")

    def tearDown(self):
        identity.BOOT_ID_PATH, identity.MARKER, identity.SNAPSHOT_SOURCE, identity._boot_id = self.saved

    def test_a_booted_vm_reads_its_boot_id(self):
        identity.SNAPSHOT_SOURCE = False
        self.assertEqual(identity.boot_id(), "0f1e2d3c4b5a69788796a5b4c3d2e1f0")

    def test_a_snapshot_source_never_reads_it_before_its_identity_is_established(self):
        identity.SNAPSHOT_SOURCE = True
        os.chmod(identity.BOOT_ID_PATH, 0)  # reading it would fail the test (unless root)
        self.assertEqual(identity.boot_id(), "")
        os.chmod(identity.BOOT_ID_PATH, 0o644)
        with open(identity.MARKER, "w") as f:
            f.write("1\n")
        self.assertEqual(identity.boot_id(), "0f1e2d3c4b5a69788796a5b4c3d2e1f0")

    def test_too_few_random_bytes_are_refused_before_touching_the_kernel(self):
        with self.assertRaises(ValueError):
            identity.reseed(b"short")


if __name__ == "__main__":
    unittest.main()


class ReplacementTimingTests(unittest.TestCase):
    """A replacement spare waits for the first call of the container that took one."""

    def _spares(self):
        instance = object.__new__(spares.Spares)  # no directories or processes: only want() is seen
        instance.wanted_calls = []
        instance.want = lambda runtimes: instance.wanted_calls.append((time.monotonic(), list(runtimes)))
        return instance

    def test_the_replacement_starts_only_after_the_first_call_has_answered(self):
        instance = self._spares()
        first_call = threading.Event()

        instance.want_after(["python3.11"], first_call, max_wait_s=5)
        time.sleep(0.3)
        self.assertEqual(instance.wanted_calls, [])
        answered = time.monotonic()
        first_call.set()
        deadline = time.monotonic() + 3
        while not instance.wanted_calls and time.monotonic() < deadline:
            time.sleep(0.02)

        self.assertEqual(len(instance.wanted_calls), 1)
        at, runtimes = instance.wanted_calls[0]
        self.assertEqual(runtimes, ["python3.11"])
        self.assertGreaterEqual(at - answered, spares.REPLACE_GRACE_S * 0.9)

    def test_without_a_call_the_replacement_starts_after_the_longest_wait(self):
        instance = self._spares()

        instance.want_after(["nodejs18.x"], threading.Event(), max_wait_s=0.2)
        deadline = time.monotonic() + 3
        while not instance.wanted_calls and time.monotonic() < deadline:
            time.sleep(0.02)

        self.assertEqual([r for _, r in instance.wanted_calls], [["nodejs18.x"]])
