"""The main menu of every page (templates/includes/hoofdmenu.html). Apps add their items in
AppConfig.ready(): `hoofdmenu.add(label, url_name, order)` with a URL that takes no arguments."""

from .registry import Links

hoofdmenu = Links()
