import { A, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createSignal, For, on, onCleanup, onMount, Show, type JSX } from 'solid-js';
import { SECTIONS } from '../sections';
import { ThemeSwitch } from './ThemeSwitch';
import { AppBanners } from './AppBanners';

/** The app frame: navigation (sidebar on desktop, drawer on a phone), banners, and the page. */
export function Layout(props: { children?: JSX.Element }) {
  const [navOpen, setNavOpen] = createSignal(false);
  const location = useLocation();
  const navigate = useNavigate();

  createEffect(
    on(
      () => location.pathname,
      () => {
        setNavOpen(false);
        queueMicrotask(() => {
          const h = document.getElementById('page-title');
          if (h && document.activeElement !== h && document.activeElement?.closest('.sidebar, .topbar')) h.focus();
        });
      },
    ),
  );

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && navOpen()) setNavOpen(false);
    if (e.altKey && !e.ctrlKey && !e.metaKey && /^[1-9]$/.test(e.key)) {
      const s = SECTIONS[Number(e.key) - 1];
      if (s) {
        e.preventDefault();
        navigate(s.path);
      }
    }
  };
  onMount(() => document.addEventListener('keydown', onKey));
  onCleanup(() => document.removeEventListener('keydown', onKey));

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="shell">
        <nav class="sidebar" classList={{ open: navOpen() }} aria-label="Sections" id="sidebar">
          <A class="brand" href="/" end>
            <img src="/favicon.svg" alt="" width="28" height="28" />
            Candlelab
          </A>
          <ul class="nav">
            <For each={SECTIONS}>
              {(s, i) => (
                <li>
                  <A href={s.path} activeClass="active" aria-keyshortcuts={`Alt+${i() + 1}`}>
                    <span class="icon" aria-hidden="true">
                      {s.icon}
                    </span>
                    {s.title}
                  </A>
                </li>
              )}
            </For>
          </ul>
          <div class="sidebar-foot">
            <ThemeSwitch />
            <p class="muted">Alt+1…9 jumps to a section.</p>
          </div>
        </nav>
        <Show when={navOpen()}>
          <div class="scrim" onClick={() => setNavOpen(false)} />
        </Show>
        <div class="main">
          <div class="topbar">
            <button
              type="button"
              class="btn"
              aria-controls="sidebar"
              aria-expanded={navOpen()}
              onClick={() => setNavOpen(!navOpen())}
            >
              ☰ <span>Menu</span>
            </button>
            <span class="title">Candlelab</span>
          </div>
          <AppBanners />
          <main id="main" class="content" tabindex="-1">
            {props.children}
          </main>
        </div>
      </div>
    </>
  );
}
