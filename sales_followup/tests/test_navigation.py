import re
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

README = Path(get_module_path("sales_followup")).parent / "README.md"
# A menu path as the README writes it, in italics or bold: *Sales › Follow-ups ›
# Monthly Reports* (possibly wrapped over two lines).
PATH_RE = re.compile(r"\*{1,2}([A-Z][^*|`]*?›[^*|`]*?)\*{1,2}", re.DOTALL)
# Paths that are not menus: a record's action menu, a user form's section.
NOT_MENUS = {("Action", "Archive")}
# The apps of the bridge add-ons' paths, checked where the app is installed
# (the bridges' own test databases).
BRIDGED_APPS = {"CRM": "crm", "Inventory": "stock", "Surveys": "survey"}


@tagged("post_install", "-at_install")
class TestReadmeMenuPaths(TransactionCase):
    """Every menu path the README gives exists, as a user finds it: menus by
    their English names from the home screen, then the settings page's
    blocks and settings."""

    def _readme_paths(self):
        paths = set()
        for match in PATH_RE.finditer(README.read_text()):
            segments = tuple(" ".join(part.split()) for part in match.group(1).split("›"))
            if segments not in NOT_MENUS and "(user)" not in segments:
                paths.add(segments)
        return paths

    def _settings_texts(self):
        """The settings page's block titles, settings' labels and the labels
        of its fields (a setting without a string shows its field's)."""
        Settings = self.env["res.config.settings"]
        arch = Settings.get_views([(False, "form")])["views"]["form"]["arch"]
        texts = set(re.findall(r'(?:title|string)="([^"]+)"', arch))
        for fname in re.findall(r'<field name="([^"]+)"', arch):
            if fname in Settings._fields:
                texts.add(Settings._fields[fname].string)
        return texts

    def test_readme_paths_are_menus(self):
        # As the administrator sees them, in developer mode (Settings ›
        # Technical).
        admin = self.env.ref("base.user_admin")
        Menu = self.env["ir.ui.menu"].with_user(admin).with_context(lang="en_US")
        visible = Menu._visible_menu_ids(debug=True)
        Menu = Menu.browse(visible)
        paths = self._readme_paths()
        self.assertIn(("Sales", "Follow-ups", "Monthly Reports"), paths)
        settings_texts = self._settings_texts()
        for path in sorted(paths):
            with self.subTest(path=" › ".join(path)):
                module = BRIDGED_APPS.get(path[0])
                if module and self.env["ir.module.module"]._get(module).state != "installed":
                    continue
                menu = Menu.filtered(lambda m, name=path[0]: not m.parent_id and m.name == name)
                self.assertTrue(menu, f"no app named {path[0]!r}")
                for depth, name in enumerate(path[1:], start=1):
                    child = Menu.filtered(
                        lambda m, parent=menu, name=name: m.parent_id.id in parent.ids
                        and m.name == name
                    )
                    if not child and menu.action and menu.action.res_model == "res.config.settings":
                        # Inside the settings page: its blocks and settings.
                        for text in path[depth:]:
                            self.assertIn(text, settings_texts, f"no setting {text!r}")
                        break
                    self.assertTrue(child, f"no menu {name!r} under {' › '.join(path[:depth])}")
                    menu = child


@tagged("post_install", "-at_install")
class TestHomeAction(HttpCase):
    """Follow-up users land on My Follow-ups, not Discuss; the preference and
    a user's own home action win."""

    def _home_action(self, user):
        """The home action the web client gets at login (in the page's
        session info)."""
        self.authenticate(user.login, user.login)
        page = self.url_open("/odoo")
        self.assertEqual(page.status_code, 200)
        match = re.search(r'"home_action_id": (\d+|false)', page.text)
        self.assertTrue(match, "no home action in the web client's session info")
        return match.group(1) != "false" and int(match.group(1))

    def test_home_action(self):
        my_followups = self.env.ref("sales_followup.sales_followup_step_action_my")
        rep = new_test_user(
            self.env,
            "home_rep",
            groups="sales_team.group_sale_salesman,sales_followup.group_followup_user",
        )
        other = new_test_user(self.env, "home_other", groups="base.group_user")
        self.assertEqual(self._home_action(rep), my_followups.id)
        self.assertFalse(self._home_action(other))
        # The rep turns it off in My Preferences (a field users write themselves).
        rep.with_user(rep).write({"followup_home": False})
        self.assertFalse(self._home_action(rep))
        # A home action set on the user wins over the preference.
        rep.write({"followup_home": True, "action_id": self.env.ref("sale.action_orders").id})
        self.assertEqual(self._home_action(rep), self.env.ref("sale.action_orders").id)
