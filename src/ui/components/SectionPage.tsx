import type { JSX } from 'solid-js';
import { SECTIONS, type Section } from '../sections';
import { PageHeader } from './PageHeader';
import { EmptyState } from './EmptyState';

export function sectionByPath(path: string): Section {
  const s = SECTIONS.find((x) => x.path === path);
  if (!s) throw new Error(`section: no section at "${path}"`);
  return s;
}

/** A section that has nothing stored yet: its title and its empty state. */
export function SectionPage(props: { path: string; children?: JSX.Element }) {
  const section = sectionByPath(props.path);
  return (
    <section aria-labelledby="page-title">
      <PageHeader title={section.title} subtitle={section.holds} />
      <EmptyState section={section}>{props.children}</EmptyState>
    </section>
  );
}
