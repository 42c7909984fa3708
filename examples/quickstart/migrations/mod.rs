//! The application's migrations, one file each, in the order their names sort.

mod m2026_11_25_140312_create_users;
mod m2026_11_25_141005_create_posts;
mod m2026_11_26_091500_add_bio_to_users;
mod m2026_11_27_100000_create_comments;
