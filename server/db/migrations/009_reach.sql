-- Reach monitoring and data protection (REC12-REC14).

-- Whether this participant has given "about you" answers, so one person's answers count once.
-- It says nothing of what they answered: equality_answers has no participant id (REC12).
ALTER TABLE participants ADD COLUMN about_you_given boolean NOT NULL DEFAULT false;

-- When the retention job deleted this workshop's personal data (REC14); null until then.
ALTER TABLE workshops ADD COLUMN personal_data_deleted_at timestamptz;

-- The borough's profile, seeded from Census 2021 for Tower Hamlets (usual residents). Shares are
-- of all residents; the reach report compares them with the people who gave an answer. Rows
-- marked "approximate" are rounded estimates to check against the ONS tables before relying on
-- them; an administrator edits every row at /admin/reference-profile.
INSERT INTO reference_profile (question, answer, share, source) VALUES
  ('age', 'under_16', 0.189, 'Census 2021 TS007A, approximate'),
  ('age', '16_24', 0.118, 'Census 2021 TS007A, approximate'),
  ('age', '25_34', 0.256, 'Census 2021 TS007A, approximate'),
  ('age', '35_49', 0.230, 'Census 2021 TS007A, approximate'),
  ('age', '50_64', 0.149, 'Census 2021 TS007A, approximate'),
  ('age', '65_plus', 0.058, 'Census 2021 TS007A, approximate'),
  ('sex', 'female', 0.492, 'Census 2021 TS008, approximate'),
  ('sex', 'male', 0.508, 'Census 2021 TS008, approximate'),
  ('ethnic_group', 'indian', 0.030, 'Census 2021 TS021'),
  ('ethnic_group', 'pakistani', 0.011, 'Census 2021 TS021'),
  ('ethnic_group', 'bangladeshi', 0.346, 'Census 2021 TS021'),
  ('ethnic_group', 'chinese', 0.031, 'Census 2021 TS021'),
  ('ethnic_group', 'other_asian', 0.022, 'Census 2021 TS021'),
  ('ethnic_group', 'african', 0.050, 'Census 2021 TS021'),
  ('ethnic_group', 'caribbean', 0.016, 'Census 2021 TS021'),
  ('ethnic_group', 'other_black', 0.008, 'Census 2021 TS021'),
  ('ethnic_group', 'white_asian', 0.013, 'Census 2021 TS021, approximate'),
  ('ethnic_group', 'white_black_african', 0.008, 'Census 2021 TS021, approximate'),
  ('ethnic_group', 'white_black_caribbean', 0.011, 'Census 2021 TS021, approximate'),
  ('ethnic_group', 'other_mixed', 0.016, 'Census 2021 TS021, approximate'),
  ('ethnic_group', 'white_british', 0.229, 'Census 2021 TS021'),
  ('ethnic_group', 'irish', 0.011, 'Census 2021 TS021'),
  ('ethnic_group', 'gypsy_traveller', 0.0004, 'Census 2021 TS021, approximate'),
  ('ethnic_group', 'roma', 0.007, 'Census 2021 TS021'),
  ('ethnic_group', 'other_white', 0.146, 'Census 2021 TS021'),
  ('ethnic_group', 'arab', 0.012, 'Census 2021 TS021'),
  ('ethnic_group', 'other_ethnic', 0.027, 'Census 2021 TS021'),
  ('disability', 'yes', 0.129, 'Census 2021 TS038 (disabled under the Equality Act)'),
  ('disability', 'no', 0.871, 'Census 2021 TS038'),
  ('religion', 'none', 0.266, 'Census 2021 TS030 (6.8% did not answer)'),
  ('religion', 'buddhist', 0.010, 'Census 2021 TS030'),
  ('religion', 'christian', 0.223, 'Census 2021 TS030'),
  ('religion', 'hindu', 0.020, 'Census 2021 TS030'),
  ('religion', 'jewish', 0.004, 'Census 2021 TS030'),
  ('religion', 'muslim', 0.400, 'Census 2021 TS030'),
  ('religion', 'sikh', 0.003, 'Census 2021 TS030'),
  ('religion', 'other_religion', 0.005, 'Census 2021 TS030'),
  ('sexual_orientation', 'straight', 0.828, 'Census 2021 TS077, residents 16+, approximate'),
  ('sexual_orientation', 'gay_lesbian', 0.036, 'Census 2021 TS077, residents 16+, approximate'),
  ('sexual_orientation', 'bisexual', 0.026, 'Census 2021 TS077, residents 16+, approximate'),
  ('sexual_orientation', 'other_orientation', 0.010, 'Census 2021 TS077, residents 16+, approximate'),
  ('first_language', 'english', 0.715, 'Census 2021 TS024 (main language), approximate'),
  ('first_language', 'bengali', 0.115, 'Census 2021 TS024 (with Sylheti and Chatgaya), approximate'),
  ('first_language', 'somali', 0.007, 'Census 2021 TS024, approximate'),
  ('first_language', 'urdu', 0.004, 'Census 2021 TS024, approximate'),
  ('first_language', 'chinese', 0.011, 'Census 2021 TS024, approximate'),
  ('first_language', 'arabic', 0.005, 'Census 2021 TS024, approximate'),
  ('first_language', 'turkish', 0.003, 'Census 2021 TS024, approximate'),
  ('first_language', 'polish', 0.004, 'Census 2021 TS024, approximate'),
  ('first_language', 'italian', 0.014, 'Census 2021 TS024, approximate'),
  ('first_language', 'spanish', 0.013, 'Census 2021 TS024, approximate'),
  ('first_language', 'french', 0.012, 'Census 2021 TS024, approximate'),
  ('first_language', 'portuguese', 0.007, 'Census 2021 TS024, approximate'),
  ('first_language', 'other_language', 0.090, 'Census 2021 TS024, approximate'),
  ('carer', 'yes', 0.064, 'Census 2021 TS039 (unpaid care), approximate'),
  ('carer', 'no', 0.936, 'Census 2021 TS039, approximate'),
  ('area', 'E1', 0.27, 'Ward populations, Census 2021, approximate'),
  ('area', 'E1W', 0.05, 'Ward populations, Census 2021, approximate'),
  ('area', 'E2', 0.11, 'Ward populations, Census 2021, approximate'),
  ('area', 'E3', 0.25, 'Ward populations, Census 2021, approximate'),
  ('area', 'E14', 0.32, 'Ward populations, Census 2021, approximate');
