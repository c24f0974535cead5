@real_charger @fresh_balanz
Feature: A session's energy at chargers whose meters count for years
  A real charger's energy meter reports its lifetime register: StartTransaction's meterStart,
  MeterValues' Energy.Active.Import.Register and StopTransaction's meterStop are readings of a register that
  reads thousands of kWh on a charger a few years old. (ocppsim starts every transaction at 0 Wh: there a
  register and a session's energy are the same number.) Here the harness plays the charger itself
  (balanz_acceptance/sut/played_charger.py), its meter reading 12 345 678 Wh when the scenario starts.

  The rule (balanz/model.py Session.from_transaction): a session's energy is what the meter counted in it,
  its meter stop less its meter start (Wh). balanz records it so in GetSessions (``energy_meter``), in its
  session file (``energy``, kWh with three decimals: util.py kwh_str) and in its audit log (the meter start in
  the session's start entry, model.py Charger.start_transaction; the kWh in its history entry). The expected
  values are the charger's own readings: what it sent in StartTransaction and StopTransaction.

  Scenario: A session at HQ-14, whose meter reads 12 345 678 Wh, is recorded with the energy it charged
    Given HQ-14 is a real charger whose meter reads 12 345 678 Wh
    And the driver has presented tag D40C346D at HQ-14, which is charging
    And the session at HQ-14 has charged 20 Wh on its meter
    When the driver unplugs the EV at HQ-14
    Then balanz records the session at HQ-14 with the energy the charger's meter counted in it
