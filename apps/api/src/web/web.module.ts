import { Module } from '@nestjs/common';
import { LedgerModule } from '../ledger/ledger.module';
import { FORM_CONTROLLERS, FORM_PROVIDERS } from './forms/form-pages';
import { GovukAssetsController } from './govuk-assets.controller';
import { BoardPackPage } from './pages/board-pack.page';
import { CouncilPage } from './pages/council.page';
import { HistoryPage } from './pages/history.page';
import { PlanPage } from './pages/plan.page';
import { PortfolioPage } from './pages/portfolio.page';
import { PdfPrinter } from './pdf/pdf-printer';
import { OidcClient } from './sign-in/oidc-client';
import { SignInPage } from './sign-in/sign-in.page';
import { SignOutPage } from './sign-in/sign-out.page';
import { WebErrorFilter } from './web-error.filter';
import { WebPages } from './web-pages';

/**
 * The pages for people: server-rendered with GOV.UK Frontend, reading through the same query handlers as GraphQL and
 * writing through the same commands, guarded by the same access rules.
 */
@Module({
  imports: [LedgerModule],
  controllers: [
    GovukAssetsController,
    PortfolioPage,
    CouncilPage,
    HistoryPage,
    PlanPage,
    BoardPackPage,
    ...FORM_CONTROLLERS,
    SignInPage,
    SignOutPage,
  ],
  providers: [WebPages, WebErrorFilter, PdfPrinter, ...FORM_PROVIDERS, OidcClient],
})
export class WebModule {}
