"""The one packaging fact pyproject.toml cannot state: `site_templates/` stays at the top of the
repository, where editors and the README find it, yet ships inside the package as
`generator/site_templates`, so an installed wheel renders sites with no checkout beside it.

Every package under generator/ is found by itself (sub-packages included); everything else is
in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

TEMPLATES = "generator.site_templates"
# Each template folder is listed as a data-only package, as setuptools asks of folders that
# ship inside a package.
TEMPLATE_FOLDERS = [
    TEMPLATES,
    *(f"{TEMPLATES}.{name}" for name in find_namespace_packages(where="site_templates")),
]

setup(
    packages=[*find_packages(include=["generator", "generator.*"]), *TEMPLATE_FOLDERS],
    package_dir={TEMPLATES: "site_templates"},
    package_data={
        **{folder: ["*"] for folder in TEMPLATE_FOLDERS},
        # The interface's message catalogues: compiled (.mo), with their sources.
        "generator.site": ["locales/*.pot", "locales/*.cfg", "locales/*/LC_MESSAGES/*"],
    },
)
