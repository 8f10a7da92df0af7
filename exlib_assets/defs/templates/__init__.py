"""Student templates in Dagster: the `student_templates` asset and its rebuild sensor."""

import dagster as dg

from exlib_assets.defs.templates.assets import student_templates
from exlib_assets.defs.templates.sensors import student_template_rebuilds

defs = dg.Definitions(assets=[student_templates], sensors=[student_template_rebuilds])
