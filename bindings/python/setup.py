"""The package carries libdangjian.so when DANGJIAN_LIBRARY names it as it is
built (pip install ./bindings/python); otherwise it finds the library at run
time (dangjian/_native.py): DANGJIAN_LIBRARY, a build beside the sources, or
libdangjian.so.0 where the system's loader looks (the .deb installs it)."""
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    def run(self):
        super().run()
        library = os.environ.get("DANGJIAN_LIBRARY")
        if library:
            shutil.copyfile(os.path.realpath(library), os.path.join(self.build_lib, "dangjian", "libdangjian.so.0"))


setup(packages=["dangjian"], cmdclass={"build_py": BuildPy})
