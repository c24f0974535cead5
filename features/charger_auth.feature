@auth @fresh_balanz
Feature: Who may connect: charger authentication
  With charger authentication on (http_auth), balanz accepts a charger it has no key for, and after the
  provisioning delay (http_auth_delay) gives it a new authorization key; from then on the charger must
  present that key (HTTP Basic) and balanz closes the connection of a charger with a wrong or missing key
  (close code 1008). A charger balanz does not know is refused (1007) unless autoregistration is on; then
  it is accepted into the autoregistration group (Default), which has no maximum and so no smart charging
  (balanz/balanz.py on_connect; balanz/charge_point_csms_v16.py ChargePoint_CSMS_v16.set_new_authorizationkey).
  Both settings are changed live through the API.

  Rule: A charger without a key is accepted and provisioned; it then connects with its key

    Scenario: HQ-14 is provisioned and reconnects with its key
      Given balanz requires chargers to authenticate
      When HQ-14 reconnects
      Then HQ-14 is given an authorization key after the provisioning delay
      When HQ-14 reconnects
      Then HQ-14 is connected and Available

  Rule: Once provisioned, a charger with a wrong or missing key is refused

    Scenario Outline: A connection as HQ-14 with <credentials> is refused
      Given balanz requires chargers to authenticate
      And HQ-14 has been provisioned with an authorization key
      When a charger connects as HQ-14 with <credentials>
      Then balanz closes the connection with code 1008

      Examples:
        | credentials    |
        | no credentials |
        | a wrong key    |

  Rule: An unknown charger is refused, unless balanz registers unknown chargers

    Scenario: balanz does not register unknown chargers
      Given balanz does not register unknown chargers
      When a charger connects as TACW000000X001 with no credentials
      Then balanz closes the connection with code 1007

    Scenario: balanz registers an unknown charger in the group without smart charging
      Given balanz registers unknown chargers
      When a charger connects as TACW000000X002 with no credentials
      Then the connection stays open
      And balanz lists charger TACW000000X002 in group Default, which has no maximum
