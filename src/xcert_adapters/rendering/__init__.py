"""The PDF renderer of the printed pack (准考证, 桌贴, 门贴, 签到表), built on reportlab.

Importing this package (or :mod:`xcert_adapters.rendering.plugin`) loads no reportlab; the modules that draw
import it, and the plug-in's factory imports them only when a renderer is created.
"""
