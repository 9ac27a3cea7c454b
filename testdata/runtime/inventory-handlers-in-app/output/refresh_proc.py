from snowflake.snowpark.context import get_active_session

import proc_helpers


def main(session):
    return proc_helpers.refresh(session)


if __name__ == "__main__":
    print(main(get_active_session()))
