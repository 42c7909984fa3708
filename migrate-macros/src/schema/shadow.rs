//! A table written as an identifier is its name, taken literally: `create table USERS`
//! creates `USERS`, even when a `const USERS: &str = "members"` is in scope. The macro cannot
//! see the const, but rustc can: each such name is bound once in the expansion
//! (`let USERS = Probe;`), and when a const of that name is in scope, that `let` is a pattern
//! and rustc reports the mismatch at the name ("`USERS` is interpreted as a constant").

use proc_macro2::TokenStream;
use quote::quote_spanned;
use syn::Ident;

use super::ast::{
    AlterItem, Clause, ColumnDef, CreateItem, Modifier, Name, SchemaInput, Statement,
};

/// Every table of `input` written as an identifier: created, altered, dropped, renamed or
/// referenced by a foreign key.
pub(crate) fn tables(input: &SchemaInput) -> Vec<Ident> {
    let mut tables = Vec::new();
    let mut push = |name: &Name| {
        if let Name::Ident(ident) = name {
            if ident != "_" && !tables.iter().any(|t: &Ident| t == ident) {
                tables.push(ident.clone());
            }
        }
    };
    for statement in &input.statements {
        match statement {
            Statement::Create { table, items, .. } => {
                push(table);
                for item in items {
                    match item {
                        CreateItem::Column(def) => referenced(def, &mut push),
                        CreateItem::Clause(clause) => clause_referenced(clause, &mut push),
                    }
                }
            }
            Statement::Alter { table, items, .. } => {
                push(table);
                for item in items {
                    match item {
                        AlterItem::Add(def) | AlterItem::Change(def) => referenced(def, &mut push),
                        AlterItem::Clause(clause) => clause_referenced(clause, &mut push),
                        _ => {}
                    }
                }
            }
            Statement::Drop { table, .. } => push(table),
            Statement::Rename { from, to } => {
                push(from);
                push(to);
            }
            Statement::Raw(_) => {}
        }
    }
    tables
}

fn referenced(def: &ColumnDef, push: &mut impl FnMut(&Name)) {
    modifiers_referenced(&def.modifiers, push);
}

fn clause_referenced(clause: &Clause, push: &mut impl FnMut(&Name)) {
    modifiers_referenced(&clause.modifiers, push);
}

fn modifiers_referenced(modifiers: &[Modifier], push: &mut impl FnMut(&Name)) {
    for modifier in modifiers {
        if let Modifier::References { table, .. } = modifier {
            push(table);
        }
    }
}

/// `let TABLE = Probe;` per table, spanned at the name, so that rustc's error points there.
pub(crate) fn probes(tables: &[Ident]) -> TokenStream {
    tables
        .iter()
        .map(|table| {
            quote_spanned! {table.span()=>
                #[allow(non_snake_case, unused_variables)]
                let #table = ::migrate_core::__private::schema_takes_table_names_literally__for_a_const_call_the_builder;
            }
        })
        .collect()
}
