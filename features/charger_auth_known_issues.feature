@auth @known_issue @fresh_balanz
Feature: Known issue - the simulator loses an authorization key that contains "="
  balanz makes authorization keys from letters, digits and punctuation, so about one key in six contains
  "=". ocppsim stores its configuration as key=value lines and cannot read such a line back: it empties
  its configuration file and connects with no key, and balanz then refuses it (ocppsim.py read_config_file;
  balanz/model.py Charger.gen_auth; docs/simulator.md#configuration-and-the-authorization-key).
  The suite re-provisions a charger whose key contains "=" (it is logged as a known issue), so that no
  scenario depends on the luck of the key. This scenario demonstrates the simulator bug.

  Scenario: HQ-14 forgets a key that contains "="
    When the operator sets the configuration key AuthorizationKey of HQ-14 to abc=def
    Then HQ-14 has forgotten its authorization key
