@config @fresh_balanz
Feature: Configuration through the API
  An operator changes balanz's own configuration with SetConfig (section, key, value) and a charger's
  OCPP configuration with ChangeConfiguration and GetConfiguration, which balanz passes on to the charger
  (balanz/api.py api_handler: SetConfig, ChangeConfiguration, GetConfiguration).
  * SetConfig sets a key balanz already has, and balanz reads its configuration where it uses it, so the
    change takes effect at once, without a restart. Whether a tag may charge at two chargers at once is
    read at every authorization ([csms] allow_concurrent_tag, model.py Charger.authorize): the test site
    forbids it (tags.feature), and after SetConfig allows it, the same tag is accepted at a second charger.
    (SetConfig on a key balanz does not have: config_known_issues.feature.)
  * balanz answers ChangeConfiguration with the charger's answer: Accepted, or the charger's refusal as an
    error - NotSupported for a key the charger does not have, Rejected for a read-only key (ocppsim's
    keys: HeartbeatInterval is writable, NumberOfConnectors read-only). GetConfiguration hands on the
    charger's values and the keys it does not know.

  Rule: SetConfig on a key balanz has changes its behaviour at once

    Scenario: After allowing concurrent use of tags, John Jones's tag charges at a second charger
      Given the driver has presented tag D40C346D at RR2-01, which is charging
      When the operator sets balanz's configuration csms allow_concurrent_tag to True
      Then balanz answers the operator Accepted
      When the driver tries the known tag D40C346D at HQ-14
      Then the tag is accepted at HQ-14

  Rule: balanz passes a charger's configuration on and answers what the charger answers

    Scenario: The operator changes HQ-14's heartbeat interval and reads it back
      When the operator sets the configuration key HeartbeatInterval of HQ-14 to 60
      Then balanz answers the operator Accepted
      And HQ-14's configuration key HeartbeatInterval reads 60

    Scenario: A key the charger does not have is refused as NotSupported and read back as unknown
      When the operator tries to set the configuration key NoSuchKey of HQ-14 to 1
      Then balanz answers the operator NotSupported
      And HQ-14 reports the configuration key NoSuchKey as unknown

    Scenario: A read-only key is refused as Rejected and keeps its value
      When the operator tries to set the configuration key NumberOfConnectors of HQ-14 to 2
      Then balanz answers the operator Rejected
      And HQ-14's configuration key NumberOfConnectors reads 1
