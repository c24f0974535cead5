@real_charger @fresh_balanz
Feature: The charging profiles balanz installs, as the charger holds them
  balanz keeps idle connectors from drawing with two OCPP 1.6 TxDefaultProfiles it installs itself
  (balanz/charge_point_v16.py set_base_default_profile, set_blocking_default_profile; balanz.py balanz_loop):
  * at a charger's first connection it clears every TxDefaultProfile, then installs on each connector the
    blocking profile (id 2, stack level 1, 0 A), and on connector 0 the base profile (id 1, stack level 0, the
    minimum offer, 6 A): an idle connector allows nothing;
  * to a session without a transaction (a charger that starts the transaction only once the EV draws) it offers
    the minimum by clearing that connector's blocking profile (model.py Group.balanz; balanz.py, "Special case
    when transaction_id is not yet known"): the base profile lets the EV draw 6 A;
  * once the transaction has started, it limits it with its own TxProfile (id 3, stack level 3) at the minimum
    and installs the blocking profile again (balanz.py, transactions_reset_blocking), so the connector is
    blocked for the next session; a TxProfile ends with its transaction (OCPP 1.6), so after the session the
    connector holds the base and blocking profiles again;
  * a connector whose blocking profile balanz cleared and that leaves the session without a transaction (the
    driver unplugs before the EV drew) is blocked again (balanz.py, connectors_reset_blocking), at its next full
    balancing run.
  ocppsim cannot show any of this: it starts with exactly these default profiles installed, and keeps its
  blocking profile through a session that starts its transaction at once. The harness plays a charger that
  starts with none and does nothing on its own (balanz_acceptance/sut/played_charger.py), and checks what it
  holds, from its own record.

  Scenario: A charger that holds no profile is blocked by balanz when it connects
    Given RR2-03 is a real charger
    Then within 1 full balancing run RR2-03 holds exactly these charging profiles:
      | profile  | connector | limit |
      | base     | 0         | 6     |
      | blocking | 1         | 0     |
    And the idle charger RR2-03 lets no EV draw

  Scenario: A charger that starts its transaction only once the EV draws is blocked again after its session
    Given RR2-03 is a real charger that starts a transaction only once the EV draws power
    When the driver presents tag 56EB8FBF at RR2-03
    Then balanz offers RR2-03 the minimum of 6 A by clearing its blocking profile, and the EV starts charging in a transaction
    And within 1 full balancing run RR2-03 holds exactly these charging profiles:
      | profile     | connector | limit |
      | base        | 0         | 6     |
      | blocking    | 1         | 0     |
      | transaction | 1         | any   |
    When the driver unplugs the EV at RR2-03
    Then within 1 balancing tick RR2-03 holds exactly these charging profiles:
      | profile  | connector | limit |
      | base     | 0         | 6     |
      | blocking | 1         | 0     |
    And the idle charger RR2-03 lets no EV draw

  Scenario: A connector balanz unblocked is blocked again when the driver leaves before the EV drew
    Given RR2-03 is a real charger that starts a transaction only once the EV draws power
    And the EV at RR2-03 will delay charging
    When the driver presents tag 56EB8FBF at RR2-03
    Then balanz offers RR2-03 the minimum of 6 A by clearing its blocking profile, while the EV stays suspended with no transaction
    When the driver unplugs the EV at RR2-03
    Then within 1 full balancing run RR2-03 holds exactly these charging profiles:
      | profile  | connector | limit |
      | base     | 0         | 6     |
      | blocking | 1         | 0     |
    And the idle charger RR2-03 lets no EV draw
