import { Component, type ReactNode } from 'react';

/** A screen that throws shows this instead of a blank app; the tabs stay usable. */
export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { failed: boolean; key: string }
> {
  override state = { failed: false, key: this.props.resetKey };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: { resetKey: string }, state: { failed: boolean; key: string }) {
    return props.resetKey !== state.key ? { failed: false, key: props.resetKey } : null;
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="card error-panel" role="alert">
        <h2>화면을 그리지 못했어요</h2>
        <p>잠시 후 다시 시도해 주세요.</p>
        <button type="button" className="primary" onClick={() => window.location.reload()}>
          새로 고침
        </button>
      </div>
    );
  }
}
