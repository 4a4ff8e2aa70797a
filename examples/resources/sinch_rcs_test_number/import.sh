# A test number is imported by "<project_id>/<sender_id>/<number>".
terraform import 'sinch_rcs_test_number.testers["+48777777777"]' ea026751-3edf-40a9-ad93-1b382bd60a78/01HRCSSENDER0000000000000/+48777777777
