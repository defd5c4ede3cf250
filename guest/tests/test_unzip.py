"""Unit tests of the agent's zip checks (guest/agent/unzip.py), on the host, standard library only:

    python3 -m unittest discover -s guest/tests

guest/test-image.sh runs them before it boots the image.
"""

import io
import os
import shutil
import stat
import sys
import tempfile
import unittest
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agent"))
import unzip  # noqa: E402

FILE = stat.S_IFREG | 0o644
EXECUTABLE = stat.S_IFREG | 0o755
LINK = stat.S_IFLNK | 0o777


class UnpackTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="unzip-test-")
        self.task = os.path.join(self.tmp, "container", "task")
        os.makedirs(self.task)
        self.zip_path = os.path.join(self.tmp, "code.zip")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write_zip(self, entries):
        """entries: (name, data, mode) in order; mode None leaves the Unix mode unset."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data, mode in entries:
                info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
                if mode is not None:
                    info.external_attr = mode << 16
                archive.writestr(info, data)
        with open(self.zip_path, "wb") as f:
            f.write(buffer.getvalue())

    def unpack(self, **limits):
        unzip.unpack(self.zip_path, self.task, **limits)

    def assert_refused(self, fragment, **limits):
        with self.assertRaises(unzip.ZipRefused) as refused:
            self.unpack(**limits)
        self.assertIn(fragment, str(refused.exception))
        self.assertEqual(os.listdir(os.path.join(self.tmp, "container")), ["task"], "nothing lands outside")

    def test_unpacks_files_folders_and_keeps_the_executable_bit(self):
        self.write_zip([("bootstrap", b"#!/bin/sh\n", EXECUTABLE), ("lib/", b"", stat.S_IFDIR | 0o755),
                        ("lib/util.py", b"X = 1\n", FILE), ("plain.txt", b"no mode", None)])
        self.unpack()
        self.assertTrue(os.access(os.path.join(self.task, "bootstrap"), os.X_OK))
        self.assertFalse(os.access(os.path.join(self.task, "lib", "util.py"), os.X_OK))
        with open(os.path.join(self.task, "plain.txt"), "rb") as f:
            self.assertEqual(f.read(), b"no mode")

    def test_refuses_a_parent_directory_entry(self):
        self.write_zip([("app.py", b"", FILE), ("../evil", b"x", FILE)])
        self.assert_refused("escapes the task folder")

    def test_refuses_a_parent_directory_hidden_inside_the_path(self):
        self.write_zip([("lib/../../evil", b"x", FILE)])
        self.assert_refused("escapes the task folder")

    def test_refuses_backslash_traversal(self):
        self.write_zip([("..\\evil", b"x", FILE)])
        self.assert_refused("escapes the task folder")

    def test_refuses_an_absolute_path(self):
        self.write_zip([("/etc/evil", b"x", FILE)])
        self.assert_refused("absolute path")

    def test_refuses_a_symlink_to_an_absolute_path(self):
        self.write_zip([("etc", b"/etc", LINK)])
        self.assert_refused("symlink out of the task folder")

    def test_refuses_a_relative_symlink_out_of_the_folder(self):
        self.write_zip([("lib/", b"", stat.S_IFDIR | 0o755), ("lib/up", b"../..", LINK)])
        self.assert_refused("symlink out of the task folder")

    def test_refuses_a_file_written_through_a_symlink(self):
        # The link points inside when it is made (b does not exist yet); b then makes it lead out.
        self.write_zip([("a", b"b/..", LINK), ("b", b".", LINK), ("a/evil", b"x", FILE)])
        self.assert_refused("escapes the task folder through a symlink")

    def test_refuses_a_symlink_that_leads_out_through_a_later_one(self):
        self.write_zip([("a", b"b/..", LINK), ("b", b".", LINK)])
        self.assert_refused("symlink out of the task folder")

    def test_keeps_a_symlink_that_stays_inside(self):
        self.write_zip([("node_modules/pkg/cli.js", b"1", FILE),
                        ("node_modules/.bin/cli", b"../pkg/cli.js", LINK)])
        self.unpack()
        link = os.path.join(self.task, "node_modules", ".bin", "cli")
        self.assertTrue(os.path.islink(link))
        self.assertEqual(os.readlink(link), "../pkg/cli.js")

    def test_refuses_more_bytes_than_allowed(self):
        self.write_zip([("big", b"x" * 2048, FILE)])
        self.assert_refused("more than the 1024 allowed", max_bytes=1024)

    def test_refuses_entries_that_together_exceed_the_bytes_allowed(self):
        self.write_zip([("a", b"x" * 700, FILE), ("b", b"y" * 700, FILE)])
        self.assert_refused("unpacks to 1400 bytes", max_bytes=1024)

    def test_refuses_more_entries_than_allowed(self):
        self.write_zip([("f%d" % i, b"", FILE) for i in range(11)])
        self.assert_refused("11 entries, more than the 10 allowed", max_entries=10)

    def test_refuses_device_and_fifo_entries(self):
        self.write_zip([("fifo", b"", stat.S_IFIFO | 0o644)])
        self.assert_refused("not a file, folder or symlink")

    def test_a_file_that_is_not_a_zip_is_a_bad_zip(self):
        with open(self.zip_path, "wb") as f:
            f.write(b"not a zip")
        with self.assertRaises(zipfile.BadZipFile):
            self.unpack()


if __name__ == "__main__":
    unittest.main()
