@auth @fresh_balanz
Feature: A charger's key sent as a websocket subprotocol, and an operator resetting a charger's key
  With charger authentication on ([host] http_auth, switched on live), balanz gives a charger that has no key
  one after the provisioning delay ([host] http_auth_delay) - ChangeConfiguration AuthorizationKey - and keeps
  the sha256 of its Basic credentials in the chargers file (charge_point_csms_v16.py
  ChargePoint_CSMS_v16.set_new_authorizationkey); from then on a charger connecting as it must present them,
  else balanz closes the connection with 1008 (balanz.py on_connect; charger_auth.feature).
  * A charger that cannot send an Authorization header (a browser's websocket) may send its credentials -
    "<charger id>:<key>", in hexadecimal - as a websocket subprotocol beside ocpp1.6 when
    [host] http_auth_via_protocol is on, as it is on the site (data/config/balanz.ini): balanz turns that
    subprotocol into the Authorization header and checks it as any other (balanz.py on_connect).
  * ResetChargerAuth makes balanz forget a charger's key: the chargers file keeps none (api.py
    ResetChargerAuth), and a charger connecting as it without credentials is accepted again (and provisioned
    anew).
  HQ-14 is played by the scenario message by message; it stores the key balanz gives it.

  Background:
    Given balanz requires chargers to authenticate
    And HQ-14 is a charger the scenario plays message by message, connected, booted and set up by balanz
    When balanz has given HQ-14 an authorization key

  Rule: A charger's credentials may come as a websocket subprotocol, in hexadecimal

    Scenario: HQ-14's key sent as a subprotocol is accepted, a wrong one refused
      When a charger connecting as HQ-14 sends its key as a websocket subprotocol, and no Authorization header
      Then the connection stays open
      When a charger connecting as HQ-14 sends a wrong key as a websocket subprotocol, and no Authorization header
      Then balanz closes the connection with code 1008

  Rule: ResetChargerAuth forgets a charger's key

    Scenario: After ResetChargerAuth balanz keeps no key for HQ-14 and accepts it without credentials
      When a charger connects as HQ-14 with no credentials
      Then balanz closes the connection with code 1008
      When the operator has balanz forget the key of HQ-14 (ResetChargerAuth)
      Then balanz answers the operator Accepted
      And balanz's chargers file keeps no key for HQ-14
      When a charger connects as HQ-14 with no credentials
      Then the connection stays open
