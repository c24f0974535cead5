@ocpp @watchdog @fresh_balanz
Feature: balanz closes the connection of a charger that falls silent
  balanz notes the time of every frame a charger sends - its calls and its answers to balanz's own calls
  alike (charge_point_csms_v16.py ChargePoint_CSMS_v16.start). Its connection watchdog wakes every connection
  check interval ([host] watchdog_interval) from the moment the charger connected; once more than the charger
  silence limit ([host] watchdog_stale) has passed since the charger's last frame, the watchdog ends and balanz
  closes the connection with the close code 1001, going away (ChargePoint_CSMS_v16.watchdog; balanz.py
  on_connect), and shows the charger as not connected. A charger that sends something more often than that
  keeps its connection however long it stays.
  So the connection is closed more than the silence limit after the charger's last frame (not before), and at
  most one check interval after that (plus balanz's loop drift and the harness's reaction time).
  The rule does not depend on how long the limit is: the site's silence limit is 2 full balancing runs, checked
  every balancing tick (the timing profiles' own are 50 s checked every 10 s, fast, and 500 s every 100 s,
  standard). HQ-14 is played by the scenario message by message: it sends only what the steps say.

  Background:
    Given a site whose charger silence limit is 2 full balancing runs
    And a site whose connection check interval is 1 balancing tick

  Rule: A charger silent for longer than the silence limit loses its connection, one that talks keeps it

    Scenario: HQ-14 keeps its connection while it sends Heartbeats, and loses it once it falls silent
      Given HQ-14 is a charger the scenario plays message by message, connected, booted and set up by balanz
      When HQ-14 sends a Heartbeat every half charger silence limit for 1.5 charger silence limits
      Then HQ-14's connection is still open
      When HQ-14 falls silent
      Then balanz closes HQ-14's connection with code 1001 once the charger silence limit has passed since its last frame, not before
      And balanz shows HQ-14 as not connected
