"""Staff roles. Organisation roles are held per organisation; platform roles have none."""

VOLUNTEER = "volunteer"
SHIFT_LEADER = "shift_leader"
COORDINATOR = "coordinator"
SERVICE_ADMIN = "service_admin"
STATISTICS_READER = "statistics_reader"
PLATFORM_ADMIN = "platform_admin"
NATIONAL_STATISTICS = "national_statistics"

ORGANISATION_ROLES = (VOLUNTEER, SHIFT_LEADER, COORDINATOR, SERVICE_ADMIN, STATISTICS_READER)
PLATFORM_ROLES = (PLATFORM_ADMIN, NATIONAL_STATISTICS)
ALL = ORGANISATION_ROLES + PLATFORM_ROLES
