import _snowflake
import boto3
import streamlit as st

token = _snowflake.get_wif_token("aws_wif", "sts.amazonaws.com")
bucket = _snowflake.get_generic_secret_string("reports_bucket")
s3 = boto3.client("sts").assume_role_with_web_identity(
    RoleArn="arn:aws:iam::123456789012:role/reports", RoleSessionName="app", WebIdentityToken=token
)
st.write(bucket)
