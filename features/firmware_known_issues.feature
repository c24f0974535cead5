@firmware @known_issue @fresh_balanz
Feature: Known issue - firmware: a changed entry matches every version, and UpdateFirmware's date and answer
  * ModifyFirmware takes a field the operator leaves out as empty for the meter type and the upgrade-from
    versions (api.py ModifyFirmware reads both with the default "", which is not None, so it overwrites them),
    and an empty expression matches every version (model.py Charger.update_fw_options): an operator who only
    moves a firmware to another url has it offered to chargers of every firmware version, also those it was
    never meant to upgrade. What should happen: ModifyFirmware changes only the fields the operator gives.
  * UpdateFirmware asks the charger to fetch the firmware at a retrieveDate that is not an OCPP date-time: balanz
    appends "Z" to a time that already ends with its offset "+00:00" (charge_point_v16.py
    ChargePoint_v16.update_firmware); a charger that checks the date refuses the request. What should happen: a
    date-time with one zone designator (RFC 3339, as OCPP 1.6 requires).
  * UpdateFirmware is answered Accepted also when the charger refuses it (here with NotImplemented, as ocppsim
    does): update_firmware does not look at the charger's answer ("No return value from this call!", api.py).
    What should happen: balanz answers the operator with the charger's refusal.
  These scenarios demonstrate today's behaviour and are left out of the default run (--tags=@known_issue).

  Background:
    Given HQ-14 is a charger the scenario plays message by message, connected but not booted
    And HQ-14 has booted, reporting:
      | field             | value                     |
      | chargePointVendor | ABB                       |
      | chargePointModel  | CDT_TACW22::NET_WIFI      |
      | firmwareVersion   | TAC3Z91180710247::V1.8.21 |

  Scenario: A firmware for V2.0 chargers whose url an operator changes is offered to HQ-14, a V1.8 charger
    Given the operator has added these firmware entries:
      | firmware_id | charge_point_vendor | charge_point_model | firmware_version | url                       | upgrade_from_versions |
      | fw-version  | ABB                 | CDT_.*             | V2.1             | http://fw.example/v21.bin | .*V2\.0\..*           |
    And balanz offers HQ-14 the firmware none
    When the operator changes the url of firmware fw-version to http://fw.example/v21b.bin, and nothing else
    Then balanz offers HQ-14 the firmware fw-version

  Scenario: UpdateFirmware's retrieve date is no OCPP date-time
    When the operator asks HQ-14 to update its firmware from http://fw.example/match.bin
    Then balanz asks HQ-14 to fetch its firmware from http://fw.example/match.bin
    And the date balanz gives HQ-14 to fetch it is no OCPP date-time: it ends with +00:00Z

  Scenario: UpdateFirmware is answered Accepted although the charger refuses it
    Given HQ-14 does not support UpdateFirmware
    When the operator asks HQ-14 to update its firmware from http://fw.example/match.bin
    Then balanz answers the operator Accepted
